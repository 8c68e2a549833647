"""``horizon run``: a thin wrapper over Inspect's ``eval_set``.

``eval_set`` gives resumability (rerun the same command: completed samples are kept, the rest
run), sample retries on error (``retry_on_error``: an ``infra_error`` is retried in a fresh
sandbox), concurrency limits and standard ``.eval`` logs. horizon adds the suite, the agent
line-up, per-task time limits, and the alias each agent shows under in reports.
"""

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from harness import __version__
from harness._paths import RESULTS_DIR
from harness.agents import MODEL_FREE_AGENTS, get_agent, sim_alias

from ._logdir import exclusive_log_dir, remove_superseded_logs

DEFAULT_RETRIES = 2


@dataclass(frozen=True)
class AgentChoice:
    """An agent by name with its ``-A`` arguments."""

    name: str = "react"
    args: Mapping[str, Any] = field(default_factory=dict)

    def alias(self, model: str) -> str:
        """How this agent's runs show in reports (``sim/h=30m``, ``oracle``, ``<model>``)."""
        if self.name == "sim":
            return sim_alias(float(self.args["horizon"]))
        if self.name in MODEL_FREE_AGENTS:
            return self.name
        return model if self.name == "react" else f"{model} ({self.name})"


@dataclass(frozen=True)
class RunSettings:
    """Everything ``horizon run`` needs; CLI flags map one to one."""

    suite: str = "smoke"
    tasks: tuple[str, ...] = ()
    model: str = "none"
    agents: tuple[AgentChoice, ...] = (AgentChoice(),)
    epochs: int = 1
    name: str | None = None
    """Run name: logs go to ``results/runs/<name>/`` (default: the suite's name)."""
    log_dir: Path | None = None
    time_multiplier: float = 1.0
    token_limit: int | None = None
    cost_limit: float | None = None
    max_sandboxes: int | None = None
    max_samples: int | None = None
    retries: int = DEFAULT_RETRIES
    display: str = "rich"

    @property
    def resolved_log_dir(self) -> Path:
        """Where the logs go."""
        return self.log_dir or RESULTS_DIR / "runs" / (self.name or self.suite)


def default_max_sandboxes() -> int:
    """Two sandboxes per core: most of a sample's time is spent waiting on a model or a test."""
    return 2 * (os.cpu_count() or 1)


def run_suite(settings: RunSettings) -> tuple[bool, list[Any]]:
    """Run every agent in ``settings`` over the suite with Inspect's ``eval_set``.

    Returns:
        ``(complete, logs)``: whether every task's log is complete, and the logs.

    Raises:
        InputError: An unknown agent or bad agent arguments (checked before anything runs).
        TaskSpecError: A task does not validate or its image does not build.
    """
    from inspect_ai import eval_set

    from ._task import horizon_suite

    for choice in settings.agents:
        get_agent(choice.name, **choice.args)  # fail fast on bad -A before building images
    tasks = [
        horizon_suite(
            suite=settings.suite,
            tasks=list(settings.tasks) or None,
            agent=choice.name,
            agent_args=dict(choice.args),
            time_multiplier=settings.time_multiplier,
            alias=choice.alias(settings.model),
        )
        for choice in settings.agents
    ]
    max_sandboxes = settings.max_sandboxes or default_max_sandboxes()
    model_free = all(c.name in MODEL_FREE_AGENTS for c in settings.agents)
    with exclusive_log_dir(settings.resolved_log_dir):
        success, logs = eval_set(
            tasks,
            log_dir=str(settings.resolved_log_dir),
            model="none" if model_free else settings.model,
            epochs=settings.epochs,
            max_tasks=len(tasks),
            max_sandboxes=max_sandboxes,
            max_samples=settings.max_samples or max_sandboxes,
            retry_on_error=settings.retries,
            fail_on_error=False,
            token_limit=settings.token_limit,
            cost_limit=settings.cost_limit,
            # Write every finished sample at once: a killed run loses none of them.
            log_buffer=1,
            metadata={"horizon_version": __version__},
            display=settings.display,  # type: ignore[arg-type]
        )
        if success:
            remove_superseded_logs(settings.resolved_log_dir)
    return success, list(logs)
