"""A sample's containers through the engine's API: start, exec, stop a process, remove.

Blocking calls, each a few milliseconds over the socket; ``_box`` runs them in worker threads.
A sample's sandbox is ``main`` (the agent's container, named after the sandbox), its sidecars
(``<sandbox>-<service>``) and up to two networks: ``<sandbox>-services`` (internal: the
sidecars and ``main``, no route out) and ``<sandbox>`` (``main``'s way out, when the task
allows the internet). Each carries the sandbox's label, which is how :func:`remove_sandbox`
finds all of them, whatever part of a start got done.
"""

import contextlib
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ._box_config import BoxConfig, SidecarConfig, container_spec, sidecar_spec
from ._docker_api import api
from ._leftovers import SANDBOX_LABEL

EXIT_CODE_WAIT_SEC = 2.0
"""How long the engine may take to record an exec's exit code once its streams closed."""
LOG_TAIL_LINES = 20
"""How much of a failed sidecar's log its error message quotes."""


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


def services_network(sandbox: str) -> str:
    """The sandbox's internal network (sidecars and ``main``; no route out)."""
    return f"{sandbox}-services"


def create_networks(config: BoxConfig, sandbox: str, labels: dict[str, str]) -> None:
    """Create the sandbox's networks: the internal one for sidecars, ``main``'s way out."""
    client = api()
    if config.sidecars:
        client.create_network(
            services_network(sandbox), driver="bridge", internal=True, labels=labels
        )
    if config.allow_internet:
        client.create_network(sandbox, driver="bridge", labels=labels)


def _create(body: dict[str, Any], name: str) -> str:
    try:
        created = api().create_container_from_config(body, name)
    except _errors().ImageNotFound as err:  # never pulled here: the build step provides images
        raise RuntimeError(
            f"the sandbox image {body['Image']} is not built or fetched (`horizon run` and "
            "`horizon tasks check` provide it first)"
        ) from err
    return str(created["Id"])


def start_container(config: BoxConfig, name: str, labels: dict[str, str]) -> Started:
    """Create and start ``main`` as ``name``, on the networks :func:`create_networks` made.

    What it made is left for :func:`remove_sandbox` when it fails.
    """
    client = api()
    first = services_network(name) if config.sidecars else name if config.allow_internet else None
    container = _create(container_spec(config, labels, first), name)
    if config.sidecars and config.allow_internet:
        client.connect_container_to_network(container, name)
    client.start(container)
    state = client.inspect_container(container)
    if not state["State"]["Running"]:
        raise RuntimeError(f"the sandbox {name} exited at once: {state['State']}")
    return Started(container, state["Config"]["WorkingDir"] or "/")


def start_sidecar(
    config: BoxConfig, sidecar: SidecarConfig, sandbox: str, labels: dict[str, str]
) -> str:
    """Create and start one sidecar on the sandbox's internal network; its container id."""
    body = sidecar_spec(config, sidecar, labels, services_network(sandbox))
    container = _create(body, f"{sandbox}-{sidecar.name}")
    api().start(container)
    return container


def state(container: str) -> dict[str, Any]:
    """The container's ``State`` (``Running``, ``ExitCode``, ``Health``...)."""
    return dict(api().inspect_container(container)["State"])


def log_tail(container: str) -> str:
    """The last lines of the container's output (for error messages)."""
    try:
        raw = api().logs(container, tail=LOG_TAIL_LINES)
    except _errors().APIError:
        return ""
    return bytes(raw).decode(errors="replace").strip()


def remove_sandbox(sandbox: str) -> None:
    """Remove every container (with its anonymous volumes) and network of ``sandbox``."""
    client = api()
    errors = _errors()
    wanted = {"label": f"{SANDBOX_LABEL}={sandbox}"}
    for container in client.containers(all=True, filters=wanted):
        with contextlib.suppress(errors.NotFound):
            client.remove_container(container["Id"], v=True, force=True)
    for network in client.networks(filters=wanted):
        with contextlib.suppress(errors.NotFound):
            client.remove_network(network["Id"])


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
