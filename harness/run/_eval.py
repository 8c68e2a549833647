"""``horizon run``: a thin wrapper over Inspect's ``eval_set``.

``eval_set`` gives resumability (rerun the same command: completed samples are kept, the rest
run), sample retries on error (``retry_on_error``: an ``infra_error`` is retried in a fresh
sandbox), concurrency limits and standard ``.eval`` logs. horizon adds the suite, the agent
line-up, per-task time limits, the alias each agent shows under in reports (from the agent
table, ``harness.agents.AGENTS``), and one explicit step before Inspect starts: every task
image is built, in parallel, with progress on stderr.
"""

import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from harness import __version__
from harness._paths import DEFAULT_SUITE, RESULTS_DIR
from harness.agents import AGENTS, agent_entry, get_agent
from harness.errors import InputError, TaskSpecError
from harness.sandbox import BuildProgress, TaskImageBuild, build_task_images
from harness.suite import load_suite

from ._logdir import exclusive_log_dir, remove_superseded_logs

DEFAULT_RETRIES = 2
NO_MODEL = "none"
"""Inspect's model that answers nothing: what model-free agents run with."""


@dataclass(frozen=True)
class AgentChoice:
    """An agent by name (a key of ``harness.agents.AGENTS``) with its ``-A`` arguments."""

    name: str = "react"
    args: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class RunSettings:
    """Everything ``horizon run`` needs; CLI flags map one to one."""

    suite: str = DEFAULT_SUITE
    tasks: tuple[str, ...] = ()
    model: str = NO_MODEL
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


def check_agents(settings: RunSettings) -> None:
    """Check the agent line-up before anything is built or run.

    Raises:
        InputError: An unknown agent, arguments it rejects, or an agent that calls a model
            when no model is named.
    """
    for choice in settings.agents:
        entry = agent_entry(choice.name)
        get_agent(choice.name, **choice.args)
        if entry.needs_model and settings.model == NO_MODEL:
            model_free = ", ".join(name for name, e in AGENTS.items() if not e.needs_model)
            raise InputError(
                f"agent {choice.name!r} calls a model, but no model was named (got model "
                f"{NO_MODEL!r}). Name one (e.g. openai/gpt-5), or choose an agent that needs "
                f"none: {model_free}."
            )


def print_build_progress(done: int, total: int, result: TaskImageBuild) -> None:
    """Report one task image on stderr: built and failed ones by name, cached ones by count.

    Cached images are reported together at the start (one ``docker images`` call) and would
    only be noise one per line; the last line always says that the step is done.
    """
    if result.error is not None:
        line = f"{result.task_id} FAILED (details below)"
    elif result.built:
        line = f"{result.task_id} built in {result.seconds:.1f} s"
    elif done < total:
        return
    else:
        line = "ready"
    print(f"task images: {done}/{total} {line}", file=sys.stderr, flush=True)
    if done == total and (result.built or result.error is not None):
        print(f"task images: {done}/{total} done", file=sys.stderr, flush=True)


def build_images_or_raise(
    suite: str, tasks: tuple[str, ...], progress: BuildProgress | None
) -> list[TaskImageBuild]:
    """Build the images of the suite's (or the named) tasks; raise naming every failed task.

    Every image is tried before raising, so one broken Dockerfile does not hide another.

    Raises:
        TaskSpecError: Some images did not build; one paragraph per task with docker's stderr.
    """
    specs = load_suite(suite, tasks).tasks
    results = build_task_images(specs, progress=progress)
    failed = [r for r in results if r.error is not None]
    if failed:
        details = "\n\n".join(f"{r.task_id}: {r.error}" for r in failed)
        raise TaskSpecError(
            f"{len(failed)} of {len(results)} task images did not build "
            f"({', '.join(r.task_id for r in failed)}); nothing was run.\n\n{details}"
        )
    return results


def run_suite(
    settings: RunSettings, *, progress: BuildProgress | None = print_build_progress
) -> tuple[bool, list[Any]]:
    """Run every agent in ``settings`` over the suite with Inspect's ``eval_set``.

    Three steps: check the agents, build the task images (in parallel, reporting each to
    ``progress``), then ``eval_set``.

    Args:
        settings: The suite, agents, model and limits.
        progress: Called per task image as ``progress(done, total, result)``; the default
            prints built and failed images to stderr. None is silent.

    Returns:
        ``(complete, logs)``: whether every task's log is complete, and the logs.

    Raises:
        InputError: An unknown agent, bad agent arguments, or a model-driven agent without a
            model (checked before anything is built).
        TaskSpecError: A task does not validate or its image does not build (every image is
            tried first; the message names all that failed).
    """
    from inspect_ai import eval_set

    from ._task import horizon_suite

    check_agents(settings)
    build_images_or_raise(settings.suite, settings.tasks, progress)
    tasks = [
        horizon_suite(
            suite=settings.suite,
            tasks=list(settings.tasks) or None,
            agent=choice.name,
            agent_args=dict(choice.args),
            time_multiplier=settings.time_multiplier,
            alias=agent_entry(choice.name).alias(settings.model, choice.args),
        )
        for choice in settings.agents
    ]
    max_sandboxes = settings.max_sandboxes or default_max_sandboxes()
    model_free = not any(agent_entry(c.name).needs_model for c in settings.agents)
    with exclusive_log_dir(settings.resolved_log_dir):
        success, logs = eval_set(
            tasks,
            log_dir=str(settings.resolved_log_dir),
            model=NO_MODEL if model_free else settings.model,
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
