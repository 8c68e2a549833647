"""A sample's container through the engine's API: start, exec, stop a process, remove.

Blocking calls, each a few milliseconds over the socket; ``_box`` runs them in worker threads.
"""

import contextlib
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ._box_config import BoxConfig, container_spec
from ._docker_api import api

EXIT_CODE_WAIT_SEC = 2.0
"""How long the engine may take to record an exec's exit code once its streams closed."""


class ContainerGone(RuntimeError):
    """The container is not running (stopped, killed or removed): nothing can run in it."""


@dataclass(frozen=True)
class Started:
    """A running sandbox container."""

    id: str
    working_dir: str


def _errors() -> Any:
    import docker.errors

    return docker.errors


def start_container(config: BoxConfig, name: str, labels: dict[str, str]) -> Started:
    """Create and start ``name`` (and its network ``name`` when the task allows the internet).

    Leaves nothing behind when it fails: what it made is removed before the error propagates.
    """
    client = api()
    try:
        if config.allow_internet:
            client.create_network(name, driver="bridge", labels=labels)
        spec = container_spec(config, labels, name if config.allow_internet else None)
        try:
            created = client.create_container(
                spec["Image"],
                command=spec["Cmd"],
                labels=spec["Labels"],
                host_config=spec["HostConfig"],
                name=name,
            )
        except _errors().ImageNotFound as err:  # never pulled: task images are built locally
            raise RuntimeError(
                f"the sandbox image {config.image} is not built (run `horizon tasks build`)"
            ) from err
        client.start(created["Id"])
        state = client.inspect_container(created["Id"])
        if not state["State"]["Running"]:
            raise RuntimeError(f"the sandbox {name} exited at once: {state['State']}")
        return Started(created["Id"], state["Config"]["WorkingDir"] or "/")
    except BaseException:
        remove_container(name, config.allow_internet)
        raise


def remove_container(name: str, network: bool) -> None:
    """Remove container ``name`` (running or not, with its anonymous volumes) and its network."""
    client = api()
    with contextlib.suppress(_errors().NotFound):
        client.remove_container(name, v=True, force=True)
    if network:
        with contextlib.suppress(_errors().NotFound):
            client.remove_network(name)


def create_exec(
    container: str, argv: list[str], *, stdin: bool, workdir: str, env: list[str], user: str
) -> str:
    """Set up ``argv`` to run in ``container``; the exec's id.

    Raises:
        ContainerGone: the container is stopped or removed.
    """
    errors = _errors()
    try:
        created = api().exec_create(
            container, argv, stdin=stdin, user=user, environment=env, workdir=workdir
        )
    except errors.NotFound as err:
        raise ContainerGone(f"the sandbox's container is gone: {err.explanation}") from err
    except errors.APIError as err:
        if err.status_code == 409:  # "container ... is not running" (or paused)
            raise ContainerGone(f"the sandbox is not running: {err.explanation}") from err
        raise
    return str(created["Id"])


def exit_code(exec_id: str) -> int | None:
    """The finished exec's exit code (None if the engine has none: the container died)."""
    deadline = time.monotonic() + EXIT_CODE_WAIT_SEC
    while True:
        try:
            state = api().exec_inspect(exec_id)
        except _errors().NotFound:
            return None
        if not state["Running"] or time.monotonic() > deadline:
            code = state["ExitCode"]
            return None if state["Running"] or code is None else int(code)
        time.sleep(0.01)


def is_running(container: str) -> bool:
    """Whether ``container`` exists and runs."""
    try:
        return bool(api().inspect_container(container)["State"]["Running"])
    except _errors().NotFound:
        return False


# Kill process $1 and every descendant: stop the tree (so nothing forks away from it while it
# is walked) until no new member shows up, then kill it all. No `$(...)`: a subshell would be
# a descendant of ours, not of $1, but it costs a fork per process.
_KILL_TREE = r"""
tree=" $1 "
grow() {
  found=0
  for dir in /proc/[0-9]*; do
    pid=${dir#/proc/}
    case $tree in *" $pid "*) continue ;; esac
    while read -r key value rest; do
      [ "$key" = PPid: ] || continue
      case $tree in *" $value "*) tree="$tree$pid "; found=1 ;; esac
      break
    done 2> /dev/null < "$dir/status"
  done
}
for round in 1 2 3 4 5; do
  grow
  kill -STOP $tree 2> /dev/null
  [ "$found" = 0 ] && break
done
kill -9 $tree 2> /dev/null
true
"""


def kill_exec(container: str, exec_id: str) -> None:
    """Kill the process an exec started and every process it started.

    The engine reports the process's host pid; its pid inside the container is read from the
    host's ``/proc`` (the engine is local). Nothing is done when either is gone.
    """
    try:
        pid = int(api().exec_inspect(exec_id).get("Pid") or 0)
    except _errors().APIError:
        return
    inner = _pid_in_container(pid) if pid > 0 else None
    if inner is None:
        return
    with contextlib.suppress(_errors().APIError):
        killer = api().exec_create(
            container, ["/bin/sh", "-c", _KILL_TREE, "kill-tree", str(inner)], user="root"
        )
        api().exec_start(killer["Id"])


def _pid_in_container(host_pid: int) -> int | None:
    try:
        status = Path(f"/proc/{host_pid}/status").read_text()
    except OSError:
        return None
    for line in status.splitlines():
        if line.startswith("NSpid:"):
            return int(line.split()[-1])
    return None
