"""``horizon run``: a thin wrapper over Inspect's ``eval_set``.

``eval_set`` gives resumability (rerun the same command: completed samples are kept, the rest
run), retries of samples that ended in an infra error (in rounds with backoff, see ``_retry``),
concurrency limits and standard ``.eval`` logs. horizon adds the suite, the agent
line-up, per-task time limits, the alias each agent shows under in reports (from the agent
table, ``harness.agents.AGENTS``), and one explicit step before Inspect starts: every task
image is built, in parallel, with progress on stderr. On Kubernetes (``RunSettings.k8s``)
that step is a check instead: the cluster answers and every task image is in the registry
(``harness.sandbox.prepare_k8s_sandboxes``); the rest of the run is the same.
"""

import os
import random
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from harness import __version__
from harness._paths import DEFAULT_SUITE, RESULTS_DIR
from harness.agents import AGENTS, agent_entry, get_agent
from harness.errors import InputError, SetupError, TaskSpecError
from harness.handover import NOT_BUILT_KEY
from harness.sandbox import (
    BuildProgress,
    K8sRun,
    K8sTarget,
    TaskImageBuild,
    build_task_images,
    disk_watchdog,
    prepare_k8s_sandboxes,
    remove_leftovers,
    run_label,
)
from harness.suite import TaskSpec, load_suite

from ._logdir import exclusive_log_dir, remove_superseded_logs
from ._records import CheckStatus, gate_tasks, unchecked_message
from ._retry import DAEMON_WAIT_SEC, DEFAULT_RETRY_WAIT_SEC, backoff_delay, wait_for_docker

DEFAULT_RETRIES = 2
K8S_VALUES_DIR = RESULTS_DIR / "k8s-values"
"""Where a k8s run's Helm values go (one file per distinct sandbox, named by its content)."""
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
    """Retry rounds after the first, for samples that ended in infra errors."""
    retry_wait_sec: float = DEFAULT_RETRY_WAIT_SEC
    """Backoff before the first retry round; doubled each round, with jitter."""
    display: str = "rich"
    k8s: K8sTarget | None = None
    """Run the sandboxes on Kubernetes (``--sandbox k8s``); None: horizon's Docker sandbox."""
    image_map: Mapping[str, str] = field(default_factory=dict)
    """Images to use instead of those the tasks name (``--image-map FROM=LOCAL``), over the
    suite's ``image_map``."""
    unchecked: bool = False
    """Also run the tasks whose ``horizon tasks check`` has not passed on this machine for
    their current content and image; their samples are marked (``TaskInfo.checked``).
    Otherwise those tasks are skipped, each named with the command that checks it."""

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
    suite: str,
    tasks: tuple[str, ...],
    progress: BuildProgress | None,
    image_map: Mapping[str, str] | None = None,
) -> list[TaskImageBuild]:
    """Build the images of the suite's (or the named) tasks; raise naming every failed task.

    Every image is tried before raising, so one broken Dockerfile does not hide another.

    Raises:
        TaskSpecError: Some images did not build; one paragraph per task with docker's stderr.
    """
    loaded = load_suite(suite, tasks)
    results = build_task_images(
        loaded.tasks, progress=progress, image_map=loaded.image_map(dict(image_map or {}))
    )
    failed = [r for r in results if r.error is not None]
    if failed:
        raise TaskSpecError(
            f"{len(failed)} of {len(results)} task images did not build "
            f"({', '.join(r.task_id for r in failed)}); nothing was run.\n\n{_build_errors(failed)}"
        )
    return results


def _build_errors(failed: list[TaskImageBuild]) -> str:
    return "\n\n".join(f"{r.task_id}: {r.error}" for r in failed)


@dataclass(frozen=True)
class RunOutcome:
    """How ``run_suite`` ended."""

    complete: bool
    """Every sample of every task has a verdict (no infra error or unbuilt image is left)."""
    rounds: int
    """Rounds of ``eval_set`` run (1 + retry rounds used)."""
    not_built: tuple[TaskImageBuild, ...]
    """Tasks whose image did not build in the last round: recorded as not run."""
    logs: list[Any]
    skipped: tuple[CheckStatus, ...] = ()
    """Tasks not run because their check has not passed here (none with ``unchecked``)."""
    unchecked: tuple[str, ...] = ()
    """Tasks run without a passing check here (``unchecked``): their samples are marked."""


def _without_sandbox(task: Any, not_built: dict[str, TaskImageBuild]) -> Any:
    """Mark the samples of unbuilt tasks: they end as "not run" instead of starting a sandbox.

    The dataset is not part of a task's identity in ``eval_set``, so a rerun after the
    image is fixed resumes the same log and runs just those samples.
    """
    for sample in task.dataset:
        build = not_built.get(str(sample.id))
        if build is not None:
            sample.sandbox = None
            sample.metadata = {**(sample.metadata or {}), NOT_BUILT_KEY: str(build.error)}
    return task


def _with_sandboxes(task: Any, sandboxes: Mapping[str, Any] | None) -> Any:
    """Give each sample of ``task`` its task's sandbox from ``sandboxes`` (None: keep them).

    Like :func:`_without_sandbox`, this changes the dataset only, not the task's identity in
    ``eval_set``: a run resumes whichever sandbox its samples ran in.
    """
    if sandboxes is not None:
        for sample in task.dataset:
            sample.sandbox = sandboxes[str(sample.id)]
    return task


def run_suite(
    settings: RunSettings,
    *,
    progress: BuildProgress | None = print_build_progress,
    sleep: Callable[[float], None] = time.sleep,
) -> RunOutcome:
    """Run every agent in ``settings`` over the suite with Inspect's ``eval_set``, in rounds.

    Each round builds what is missing of the task images (in parallel, reporting each to
    ``progress``), then runs ``eval_set``; a task whose image does not build still runs, its
    samples ending as "not run". A round that leaves infra errors is followed by another
    (``settings.retries`` at most), after a jittered exponential backoff and once the Docker
    daemon answers; ``eval_set`` keeps every completed sample and reruns only the rest.

    Only tasks whose ``horizon tasks check`` passed on this machine for their current
    content and image run (``_records``); the others are named on stderr with the command
    that checks them, and skipped, unless ``settings.unchecked`` (then they run, marked).

    Args:
        settings: The suite, agents, model, limits and retry policy.
        progress: Called per task image as ``progress(done, total, result)``; the default
            prints built and failed images to stderr. None is silent.
        sleep: How to wait between rounds (tests pass a fake).

    Returns:
        How the run ended (see :class:`RunOutcome`).

    Raises:
        InputError: An unknown agent, bad agent arguments, or a model-driven agent without a
            model (checked before anything is built); or no task left that passed its check.
        TaskSpecError: A task does not validate.
        SetupError: The Docker daemon stopped answering and did not come back; or, on
            Kubernetes, the cluster or an image in the registry is missing (checked before
            anything is written to the log folder).
    """
    from inspect_ai import eval_set

    from ._task import horizon_suite

    check_agents(settings)
    loaded = load_suite(settings.suite, settings.tasks)
    specs = loaded.tasks
    image_map = loaded.image_map(dict(settings.image_map))
    k8s = None
    if settings.k8s is not None:
        k8s = prepare_k8s_sandboxes(specs, settings.k8s, K8S_VALUES_DIR, suite=settings.suite)
    missing = tuple(s for s in gate_tasks(specs) if not s.checked)
    run_tasks = list(settings.tasks) or None
    if missing:
        message = unchecked_message(settings.suite, missing, run_anyway=settings.unchecked)
        if not settings.unchecked and len(missing) == len(specs):
            raise InputError(f"no task to run. {message}")
        print(message, file=sys.stderr, flush=True)
    skipped = () if settings.unchecked else missing
    if skipped:
        left = {s.task_id for s in skipped}
        specs = tuple(spec for spec in specs if spec.id not in left)
        run_tasks = [spec.id for spec in specs]
    unchecked = tuple(s.task_id for s in missing) if settings.unchecked else ()
    max_sandboxes = settings.max_sandboxes or _k8s_max_sandboxes(k8s) or default_max_sandboxes()
    model_free = not any(agent_entry(c.name).needs_model for c in settings.agents)
    rng = random.Random()
    log_dir = settings.resolved_log_dir
    with exclusive_log_dir(log_dir):
        for round_number in range(settings.retries + 1):
            if round_number:
                delay = backoff_delay(round_number, settings.retry_wait_sec, rng)
                print(
                    f"retry round {round_number} of {settings.retries} in {delay:.0f} s "
                    "(infra errors or unbuilt images are left)",
                    file=sys.stderr,
                    flush=True,
                )
                sleep(delay)
            builds = [] if k8s is not None else _docker_round(specs, log_dir, progress, image_map)
            not_built = {b.task_id: b for b in builds if b.error is not None}
            if not_built:
                errors = _build_errors(list(not_built.values()))
                print(
                    f"{len(not_built)} task image(s) did not build; their samples are recorded "
                    f"as not run, the other tasks run:\n\n{errors}",
                    file=sys.stderr,
                )
            tasks = [
                _without_sandbox(
                    _with_sandboxes(
                        horizon_suite(
                            suite=settings.suite,
                            tasks=run_tasks,
                            agent=choice.name,
                            agent_args=dict(choice.args),
                            time_multiplier=settings.time_multiplier,
                            alias=agent_entry(choice.name).alias(settings.model, choice.args),
                            unchecked=list(unchecked),
                            # Only when given: an unchanged task keeps its identity for resuming.
                            image_map=dict(settings.image_map) or None,
                        ),
                        k8s.sandboxes if k8s is not None else None,
                    ),
                    not_built,
                )
                for choice in settings.agents
            ]
            # Kubernetes enforces storage itself (ephemeral-storage limits): no watchdog there.
            watchdog: AbstractContextManager[None] = (
                disk_watchdog(log_dir) if k8s is None else nullcontext()
            )
            with run_label(log_dir), watchdog:
                success, logs = eval_set(
                    tasks,
                    log_dir=str(log_dir),
                    model=NO_MODEL if model_free else settings.model,
                    epochs=settings.epochs,
                    max_tasks=len(tasks),
                    max_sandboxes=max_sandboxes,
                    max_samples=settings.max_samples or max_sandboxes,
                    # horizon's rounds do the retrying, with backoff: Inspect's own retries
                    # fire at once, and a daemon restart would burn them all in seconds.
                    retry_attempts=1,
                    retry_on_error=0,
                    # A sample that errors marks its task's log "error" once every other
                    # sample has finished, so the next round (or a rerun) retries it.
                    fail_on_error=True,
                    continue_on_fail=True,
                    token_limit=settings.token_limit,
                    cost_limit=settings.cost_limit,
                    # Write every finished sample at once: a killed run loses none of them.
                    log_buffer=1,
                    metadata={"horizon_version": __version__},
                    display=settings.display,  # type: ignore[arg-type]
                )
            if success:
                remove_superseded_logs(log_dir)
                break
    return RunOutcome(
        success, round_number + 1, tuple(not_built.values()), list(logs), skipped, unchecked
    )


def _k8s_max_sandboxes(k8s: K8sRun | None) -> int | None:
    """A k8s run's default concurrency: what its namespace's quota holds (None: no quota)."""
    if k8s is None:
        return None
    fit = k8s.quota_fit
    where = f"namespace {k8s.namespace!r}"
    if fit is None:
        print(
            f"k8s: no ResourceQuota bounds {where} (or it cannot be read): at most "
            f"{default_max_sandboxes()} sandboxes at once; set --max-sandboxes to what the "
            "cluster holds",
            file=sys.stderr,
        )
        return None
    print(
        f"k8s: {where} has room for {fit.n_sandboxes} sandboxes at once (quota "
        f"{fit.binding}); --max-sandboxes overrides",
        file=sys.stderr,
    )
    return fit.n_sandboxes


def _docker_round(
    specs: Sequence[TaskSpec],
    log_dir: Path,
    progress: BuildProgress | None,
    image_map: Mapping[str, str],
) -> list[TaskImageBuild]:
    """A round's Docker steps: wait for the daemon, remove leftovers, build what is missing.

    Raises:
        SetupError: The daemon stopped answering and did not come back.
    """
    if not wait_for_docker():
        raise SetupError(
            "the Docker daemon stopped answering and did not come back within "
            f"{DAEMON_WAIT_SEC:.0f} s; start it (`horizon setup`) and run the same "
            "command again: completed samples are kept."
        )
    # Holding the folder's lock, no live sample owns a container labelled with it:
    # what is there was left by a killed run or a daemon restart.
    removed = remove_leftovers(log_dir)
    if removed:
        print(f"removed {removed} container(s) a killed run left", file=sys.stderr)
    return build_task_images(specs, progress=progress, image_map=image_map)
