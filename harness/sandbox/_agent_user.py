"""The agent's side of a sandbox: who it works as, where, and ending its processes.

The agent never works as root: the base image has an unprivileged ``agent`` user, and root is
for the harness and the verifier (DESIGN.md, "Grading integrity"). Before the agent starts its
working folder is handed to it; before grading, every process it started is killed — detached,
``setsid`` and double-forked ones included, since they all keep the agent's uid.
"""

import shlex
from typing import TYPE_CHECKING

from ._copy import SYSTEM_PATH

if TYPE_CHECKING:  # only the type: importing this module must not load Inspect
    from inspect_ai.util import ExecResult, SandboxEnvironment

AGENT_USER = "agent"
"""The base images' unprivileged user (``sandboxes/*/image.toml``); tasks' default."""

HOUSEKEEPING_TIMEOUT_SEC = 120

KILL_ROUNDS = 50
"""Rounds of ``kill -9 -1``; a round kills every process of the user at once, so a fork
bomb under the pids limit dies within a few."""

AGENT_SURVIVED = 97
"""Exit code of :func:`stop_agent_snippet` when some of the user's processes survived."""
# Kill every process of user $1, in rounds, until `pgrep` finds none (return 0) or the rounds
# run out. Runs as root, on the PATH of the script it leads (`_copy.SYSTEM_PATH`). Safe under
# `set -e` (called as the left side of `||`).
_STOP_AGENT = f"""
stop_agent() {{
  command -v setpriv > /dev/null && command -v pgrep > /dev/null || return 2
  group=$(id -g -- "$1") || return 2
  for round in $(seq {KILL_ROUNDS}); do
    setpriv --reuid="$1" --regid="$group" --clear-groups kill -9 -1 2> /dev/null
    pgrep -u "$1" > /dev/null && found=0 || found=$?
    case $found in 0) sleep 0.05 ;; 1) return 0 ;; *) return 2 ;; esac
  done
  return {AGENT_SURVIVED}
}}
"""


def stop_agent_snippet(user: str) -> str:
    """A shell snippet that kills every process of the unprivileged ``user``, run as root.

    ``kill -9 -1`` run as the user (``setpriv``) signals all of its processes at once (the
    kernel lets none fork meanwhile) and needs no ``CAP_KILL``; ``pgrep`` checks, in rounds.
    The snippet exits :data:`AGENT_SURVIVED` when some survived every round (the agent left
    the sandbox in a state no verifier should run in), 2 when it could not run. It is meant to
    lead the next root exec (the verifier's copy of its tests), saving an exec of its own.
    """
    return f"{_STOP_AGENT}\nstop_agent {shlex.quote(user)} || exit $?\n"


# Every process but the container's init (PID 1), its keep-alive child (`sleep infinity`, whose
# death would stop the container), this script and its ancestors (the `timeout` that Inspect's
# exec wraps it in): for a root agent, and after grading.
_KILL_ALL_BUT_INIT = r"""
# Sets $ppid to the parent of process $1 ('' when it is gone). No `$(...)`: a subshell is a
# process of our own that the scan below would see and kill.
read_ppid() {
  local key value rest
  ppid=
  while read -r key value rest; do
    [ "$key" = PPid: ] && { ppid=$value; return 0; }
  done 2>/dev/null < "/proc/$1/status"
}
keep=" 1 $$ "
ppid=$PPID
while [ -n "$ppid" ] && [ "$ppid" -gt 1 ]; do
  keep="$keep$ppid "
  read_ppid "$ppid"
done
kill_round() {  # fails when it had something to kill
  local dir pid arg0 arg1 left=0
  for dir in /proc/[0-9]*; do
    pid=${dir#/proc/}
    [[ $keep == *" $pid "* ]] && continue
    read_ppid "$pid"
    [ -n "$ppid" ] || continue
    if [ "$ppid" = 1 ]; then
      { IFS= read -r -d '' arg0; IFS= read -r -d '' arg1; } 2>/dev/null < "$dir/cmdline"
      [ "$arg0 $arg1" = "sleep infinity" ] && continue
    fi
    kill -9 "$pid" 2>/dev/null && left=1
  done
  return $left
}
for round in {1..100}; do
  kill_round && break
  [ "$round" = 100 ] && exit 1
  sleep 0.05
done
"""


async def hand_workdir_to_agent(box: "SandboxEnvironment", user: str) -> None:
    """Make the container's working folder (the image's ``WORKDIR``) belong to ``user``.

    Task images ``COPY`` their files as root; the agent must own what it is asked to change.
    A ``WORKDIR`` of ``/`` is never handed over.

    Raises:
        RuntimeError: ``chown`` failed (the sandbox is broken: an infra error).
    """
    if user == "root":
        return
    script = f'[ "$PWD" = / ] || chown -R {user}: "$PWD"'
    done = await box.exec(["bash", "-c", script], timeout=HOUSEKEEPING_TIMEOUT_SEC)
    if not done.success:
        raise RuntimeError(f"could not hand the working folder to {user}: {done.stderr}")


async def kill_all_but_init(box: "SandboxEnvironment", then: str = "") -> "ExecResult[str] | None":
    """Kill every process in the sandbox but its init and keep-alive; None if some survived.

    Run after the verifier exits, so that nothing it started (the agent's programs among
    them) can still write the reward while it is read. ``then``, a shell snippet that exits 0
    when it did its job, runs once nothing is left, in the same call (the verifier reads the
    reward with it); the result is that call's.
    """
    script = f"export PATH={SYSTEM_PATH}\n{_KILL_ALL_BUT_INIT}\n{then}"
    done = await box.exec(["/bin/bash", "-c", script], timeout=HOUSEKEEPING_TIMEOUT_SEC)
    return done if done.returncode == 0 else None
