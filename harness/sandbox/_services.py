"""A sample's services come up before its agent starts: sidecars, then ``main``'s own check.

Sidecars start in ``depends_on`` order, as ``docker compose up --wait`` starts them: before a
service starts, each service it depends on is started, healthy or done (its condition); once
all are started, each must be running, and healthy where it has a health check (its compose
``healthcheck`` or its image's ``HEALTHCHECK``, run by the engine). ``main``'s check (task.toml
``[environment] healthcheck``, or compose ``main``'s) runs after ``main`` starts, as an exec, with
Harbor's semantics: failures during the start period do not count, ``retries`` failures in a
row do.

A service that stops, turns unhealthy or takes too long is an :class:`InfraError` naming the
service (the sample is retried, never counted as a model failure), with the end of its log.
"""

import math
import time
from collections.abc import Awaitable, Callable

import anyio

from harness.errors import InfraError
from harness.suite import ComposeHealthcheck, Healthcheck

from . import _containers
from ._box_config import BoxConfig
from ._docker_api import in_thread

POLL_SEC = 0.25
"""How often a waiting start asks the engine for a service's state."""
HEALTH_SLACK_SEC = 30.0
"""Over the longest a health check can take to decide (start period, then every retry's
interval and timeout): the engine's own scheduling, on a loaded machine."""
UNKNOWN_CHECK_WAIT_SEC = 300.0
"""How long an image's own ``HEALTHCHECK`` (whose timing horizon does not read) may take."""
COMPLETION_WAIT_SEC = 600.0
"""How long a one-shot service (``service_completed_successfully``) may run."""


def _health_wait_sec(check: ComposeHealthcheck | None) -> float:
    if check is None:
        return UNKNOWN_CHECK_WAIT_SEC
    per_try = check.interval_sec + check.timeout_sec
    return check.start_period_sec + (max(check.retries, 1) + 1) * per_try + HEALTH_SLACK_SEC


def _failed(name: str, container: str, what: str) -> InfraError:
    log = _containers.log_tail(container)
    return InfraError(
        f"sidecar {name!r} {what} before the sample started"
        + (f"; its log ends:\n{log}" if log else " (it logged nothing)")
    )


async def _wait(name: str, container: str, condition: str, wait_sec: float) -> None:
    """Wait until service ``name`` meets ``condition``.

    ``condition`` is a compose ``depends_on`` condition, or ``ready``: running, and healthy
    if the service has a check.
    """
    deadline = time.monotonic() + wait_sec
    while True:
        state = await in_thread(_containers.state, container)
        code = state.get("ExitCode")
        if condition == "service_completed_successfully":
            if not state["Running"]:
                if code == 0:
                    return
                raise _failed(name, container, f"exited with code {code}")
        elif not state["Running"]:
            raise _failed(name, container, f"stopped (exit code {code})")
        else:
            health = (state.get("Health") or {}).get("Status")
            if health in (None, "healthy") or condition == "service_started":
                return
            if health == "unhealthy":
                last = ((state.get("Health") or {}).get("Log") or [{}])[-1]
                output = str(last.get("Output", "")).strip()[-500:]
                raise _failed(name, container, f"turned unhealthy (last check: {output!r})")
        if time.monotonic() > deadline:
            what = "did not finish" if condition.endswith("successfully") else "was not healthy"
            raise _failed(name, container, f"{what} within {wait_sec:.0f} s")
        await anyio.sleep(POLL_SEC)


async def start_sidecars(config: BoxConfig, sandbox: str, labels: dict[str, str]) -> None:
    """Start ``config``'s sidecars, each once what it depends on is ready; wait for all.

    Raises:
        InfraError: A sidecar stopped, turned unhealthy, or was not ready in time.
    """
    started: dict[str, str] = {}
    one_shot: set[str] = set()
    for sidecar in config.sidecars:
        for dependency, condition in sidecar.service.depends_on.items():
            check = next(s.service.healthcheck for s in config.sidecars if s.name == dependency)
            wait = (
                COMPLETION_WAIT_SEC
                if condition.endswith("successfully")
                else _health_wait_sec(check)
            )
            await _wait(dependency, started[dependency], condition, wait)
            if condition == "service_completed_successfully":
                one_shot.add(dependency)
        started[sidecar.name] = await in_thread(
            _containers.start_sidecar, config, sidecar, sandbox, labels
        )
    for sidecar in config.sidecars:
        if sidecar.name not in one_shot:
            wait = _health_wait_sec(sidecar.service.healthcheck)
            await _wait(sidecar.name, started[sidecar.name], "ready", wait)


async def wait_healthy(
    check: Healthcheck, probe: Callable[[str, int], Awaitable[str | None]]
) -> None:
    """Run ``main``'s health check until it passes (Harbor's ``run_healthcheck`` semantics).

    Args:
        check: The task's check.
        probe: Runs the command in ``main`` with a timeout (seconds); None when it passed,
            else what it printed.

    Raises:
        InfraError: ``check.retries`` failures in a row after the start period.
    """
    start_period_ends = time.monotonic() + check.start_period_sec
    failures = 0
    while True:
        in_start_period = time.monotonic() < start_period_ends
        output = await probe(check.command, math.ceil(check.timeout_sec))
        if output is None:
            return
        if in_start_period:
            await anyio.sleep(check.start_interval_sec)
            continue
        failures += 1
        if failures >= max(check.retries, 1):
            raise InfraError(
                f"the task's health check failed {failures} time(s) in a row before the sample "
                f"started: `{check.command}`; its output ends:\n{output[-1000:]}"
            )
        await anyio.sleep(check.interval_sec)
