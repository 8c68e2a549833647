"""Who broke the sandbox: the agent (a ``failure``) or the machine (an ``infra_error``)?

An agent that cannot pass can try to turn its failure into an excluded error: stop its own
container from inside (a root agent signalling PID 1, memory exhaustion), or leave it unable to
start a process (a fork bomb at the pids limit). So when the sandbox cannot be used after the
agent's turn, Docker is asked what happened, and the sample is the agent's failure only when
the record proves the machine did not do it:

- the daemon answers (else: the machine's fault);
- the container still exists (else: removed from outside);
- Docker's event log covers the container's whole life (its ``start`` is there; a daemon
  restart empties the log) and holds no ``kill``, ``stop``, ``pause`` or ``restart`` from
  outside (``docker kill``, a daemon shutdown);
- and then either the container died by itself, or it runs but is at its pids limit.

One ``kill`` is the agent's doing too: the disk watchdog's (``harness.sandbox._disk``), when
the agent wrote past its task's ``storage_mb``.

Anything else stays an infra error, retried and never fitted.
"""

import asyncio
import json
import subprocess
from datetime import UTC, datetime
from typing import Any

from harness.sandbox import stopped_for_disk

EXTERNAL_ACTIONS = frozenset({"kill", "stop", "pause", "restart", "destroy"})
"""Event actions that only come from outside the container (the API, the daemon itself)."""
PIDS_HEADROOM = 8
"""A running container this close to its pids limit is one the agent filled."""


def _docker(*args: str) -> str | None:
    try:
        done = subprocess.run(
            ["docker", *args], capture_output=True, text=True, timeout=60, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout if done.returncode == 0 else None


def _container_of(box: Any) -> str | None:
    """The container id behind a horizon sandbox (None for other sandboxes)."""
    # ``as_type`` unwraps the event-logging proxy that ``sandbox()`` returns.
    from harness.sandbox._box import HorizonSandbox

    try:
        horizon_box: HorizonSandbox = box.as_type(HorizonSandbox)
    except TypeError:
        return None
    return horizon_box.container


def _actions_since_start(container: str, started_at: str) -> list[str] | None:
    """The container's event actions from its start until now (None if docker won't say)."""
    until = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    since = started_at.split(".")[0] + "Z" if "." in started_at else started_at
    out = _docker(
        "events", "--since", since, "--until", until,
        "--filter", f"container={container}", "--format", "{{.Action}}",
    )  # fmt: skip
    if out is None:
        return None
    return [line.split(":")[0].strip() for line in out.splitlines() if line.strip()]


def diagnose(container: str) -> str | None:
    """Why ``container`` is unusable, when the agent provably caused it; else None."""
    over_disk = stopped_for_disk(container)
    if over_disk is not None:  # horizon's own watchdog stopped it (the "kill" is ours)
        return over_disk
    raw = _docker("inspect", "--format", "{{json .State}}|{{.HostConfig.PidsLimit}}", container)
    if raw is None:
        return None
    state_json, _, pids_limit = raw.strip().rpartition("|")
    state = json.loads(state_json)
    actions = _actions_since_start(container, state.get("StartedAt", ""))
    if actions is None or "start" not in actions or EXTERNAL_ACTIONS & set(actions):
        return None
    if not state.get("Running"):
        oom = " (out of memory)" if state.get("OOMKilled") else ""
        return (
            f"the sandbox's container exited during the agent's turn, exit code "
            f"{state.get('ExitCode')}{oom}; nothing outside stopped it"
        )
    stats = _docker("stats", "--no-stream", "--format", "{{.PIDs}}", container)
    limit = int(pids_limit) if pids_limit.strip().lstrip("-").isdigit() else 0
    if stats and stats.strip().isdigit() and limit > 0:
        pids = int(stats.strip())
        if pids >= limit - PIDS_HEADROOM:
            return f"the agent left the sandbox at its pids limit ({pids} of {limit} processes)"
    return None


async def sandbox_broken_by_agent(box: Any) -> str | None:
    """If ``box`` cannot run a process and the agent provably caused it, the cause; else None.

    None also when the sandbox works: then nothing needs explaining.
    """
    try:
        probe = await box.exec(["true"], timeout=30)
        if probe.success:
            return None
    except Exception:  # noqa: BLE001 - any failure to exec is what is being diagnosed
        pass
    container = _container_of(box)
    if container is None:
        return None
    return await asyncio.to_thread(diagnose, container)


async def disk_limit_cause(box: Any) -> str | None:
    """Why the disk watchdog stopped ``box``'s container, if it did; else None."""
    container = _container_of(box)
    return None if container is None else stopped_for_disk(container)
