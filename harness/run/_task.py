"""A suite as an ordinary Inspect ``Task``: one sample per task folder.

``horizon_suite`` is registered with Inspect (entry point ``inspect_ai``), so
``inspect eval horizon/horizon_suite -T suite=smoke -T agent=oracle --model none`` works too.
Every argument is a plain value: ``eval_set`` hashes them to recognise a task on resume.
"""

from collections.abc import Awaitable, Callable
from typing import Any

from inspect_ai import Task, task
from inspect_ai.agent import as_solver
from inspect_ai.dataset import Sample
from inspect_ai.model import ChatMessage, ChatMessageUser
from inspect_ai.solver import Generate, Solver, TaskState, solver
from inspect_ai.util import LimitExceededError, SandboxEnvironmentSpec, sandbox, time_limit

from harness._paths import DEFAULT_SUITE
from harness.agents import current_task, get_agent, set_current_step, set_current_task
from harness.errors import InfraError
from harness.handover import NOT_BUILT_KEY, RunInfo, StepVerdict, TaskInfo
from harness.sandbox import ImageMap, hand_workdir_to_agent, sandbox_config
from harness.sandbox._box import SANDBOX_TYPE  # importing registers the sandbox with Inspect
from harness.scoring import (
    PENDING_KEY,
    SANDBOX_BROKEN_KEY,
    SKIPPED_KEY,
    STEPS_KEY,
    hide_grading,
    sandbox_broken_by_agent,
    step_verdict,
    stops_after,
    verifier,
    verify,
)
from harness.suite import TaskSpec, load_suite


def sample_for(
    spec: TaskSpec,
    suite_version: str,
    image_map: ImageMap | None = None,
    checked: bool | None = None,
) -> Sample:
    """The Inspect sample for one task. Builds nothing: run ``build_task_images`` first.

    ``checked``: whether the task's check had passed on this machine (``TaskInfo.checked``).
    """
    return Sample(
        id=spec.id,
        # A multi-step task's turns each bring their own instruction; the first opens the sample.
        input=spec.steps[0].instruction if spec.steps else spec.instruction,
        metadata=TaskInfo(
            task_id=spec.id,
            family=spec.family,
            suite=spec.suite,
            suite_version=suite_version,
            human_minutes=spec.human_minutes,
            human_source=spec.human_source,
            task_hash=spec.content_hash,
            task_path=str(spec.path),
            agent_user=spec.config.agent.user,
            checked=checked,
        ).to_metadata(),
        sandbox=SandboxEnvironmentSpec(SANDBOX_TYPE, sandbox_config(spec, image_map)),
    )


NOT_RUN = "not run: the task's image did not build"


@solver
def run_agent(agent: str, agent_args: dict[str, Any], time_multiplier: float = 1.0) -> Solver:
    """Run the named agent with the task's own time limit (``[agent] timeout_sec``).

    The agent works as the task's agent user, in a working folder handed over to it first. A
    multi-step task gets one turn per step, each graded before the next (:func:`_run_steps`).
    """
    made = get_agent(agent, **agent_args)

    async def turn(state: TaskState, generate: Generate, timeout_sec: float) -> TaskState:
        """One agent turn under ``timeout_sec`` (times ``time_multiplier``).

        An agent that broke its own sandbox is marked for the scorer. Its time running out
        raises ``LimitExceededError`` with ``limit`` = the scaled timeout.
        """
        try:
            with time_limit(timeout_sec * time_multiplier):
                return await as_solver(made)(state, generate)
        except Exception:
            # An agent that broke its own sandbox must not turn its failure into an excluded
            # error: when Docker's record shows the agent did it, the scorer fails the sample.
            cause = await sandbox_broken_by_agent(sandbox())
            if cause is None:
                raise
            state.metadata[SANDBOX_BROKEN_KEY] = cause
            return state

    async def solve(state: TaskState, generate: Generate) -> TaskState:
        if NOT_BUILT_KEY in state.metadata:
            raise InfraError(f"{NOT_RUN}: {state.metadata[NOT_BUILT_KEY]}")
        info = TaskInfo.from_metadata(state.metadata, f"sample {state.sample_id}")
        set_current_task(info.task_path, state.epoch)
        set_current_step(None)
        spec = current_task()
        await hand_workdir_to_agent(sandbox(), spec.config.agent.user)
        if spec.steps:
            return await _run_steps(state, generate, spec, turn, time_multiplier)
        return await turn(state, generate, spec.config.agent.timeout_sec)

    return solve


Turn = Callable[[TaskState, Generate, float], Awaitable[TaskState]]
"""``turn(state, generate, timeout_sec)``: one agent turn under ``run_agent``'s rules."""


async def _run_steps(
    state: TaskState, generate: Generate, spec: TaskSpec, turn: Turn, time_multiplier: float
) -> TaskState:
    """A multi-step task's turns, each graded before the next (``harness.scoring._steps``).

    Each turn starts a fresh conversation with the step's instruction, as Harbor does; the
    sample's messages keep every turn, in order, for the log. After a step is graded its tests
    and verdict are removed, so the next turn never sees them. A step's own time limit ending
    its turn is not the end of the sample: the step is graded, as Harbor grades it.
    """
    box = sandbox()
    transcript: list[ChatMessage] = []
    graded: list[StepVerdict] = []
    try:
        for index, step in enumerate(spec.steps):
            set_current_step(step.name)
            state.messages = [ChatMessageUser(content=step.instruction)]
            state.metadata[PENDING_KEY] = step.name
            try:
                state = await turn(state, generate, step.agent_timeout_sec)
            except LimitExceededError as err:
                # The step's own limit ends only its turn. A sample-wide limit (Inspect's
                # time, token or message limits) ends the sample: the scorer grades the
                # pending step, as it grades a single-step task after one, and counts the
                # steps never reached as failed.
                if err.type != "time" or err.limit != step.agent_timeout_sec * time_multiplier:
                    raise
            finally:
                transcript.extend(state.messages)
            if SANDBOX_BROKEN_KEY in state.metadata:
                break  # the scorer fails the sample with the cause
            graded.append(step_verdict(step, await verify(box, spec, step)))
            del state.metadata[PENDING_KEY]
            state.metadata[STEPS_KEY] = [g.model_dump(mode="json") for g in graded]
            later = spec.steps[index + 1 :]
            if later and stops_after(step, graded[-1].reward):
                state.metadata[SKIPPED_KEY] = [s.name for s in later]
                break
            if later:
                await hide_grading(box)
    finally:
        set_current_step(None)
        state.messages = transcript
    return state


@task
def horizon_suite(
    suite: str = DEFAULT_SUITE,
    tasks: list[str] | None = None,
    agent: str = "oracle",
    agent_args: dict[str, Any] | None = None,
    time_multiplier: float = 1.0,
    alias: str | None = None,
    image_map: dict[str, str] | None = None,
    unchecked: list[str] | None = None,
) -> Task:
    """A task suite as an Inspect task.

    Its task images must exist: ``horizon run`` and ``horizon tasks check`` build them first
    (``harness.sandbox.build_task_images``); under plain ``inspect eval`` run one of them once.

    Args:
        suite: Suite name under ``tasks/`` or a suite folder.
        tasks: Task ids to run (default: all).
        agent: Built-in agent name (``oracle``, ``null``, ...).
        agent_args: Keyword arguments for the agent.
        time_multiplier: Scales every task's ``[agent] timeout_sec``.
        alias: How the runs show in reports (default: the model and the agent).
        image_map: Images to use instead of those the tasks name, over ``suite.toml``'s
            ``image_map`` (the same map the images were built with).
        unchecked: Set by ``horizon run``, which runs only checked tasks: the tasks run
            without a passing check here (``--unchecked``); their samples record
            ``checked=False``, the others ``True``. None (plain ``inspect eval``, ``tasks
            check``): not known, recorded as None.
    """
    loaded = load_suite(suite, tasks or ())
    images = loaded.image_map(image_map)

    def checked(task_id: str) -> bool | None:
        return None if unchecked is None else task_id not in unchecked

    return Task(
        name=f"{loaded.name}-{agent}",
        dataset=[
            sample_for(spec, loaded.config.version, images, checked(spec.id))
            for spec in loaded.tasks
        ],
        solver=run_agent(agent, agent_args or {}, time_multiplier),
        scorer=verifier(),
        metadata=RunInfo(
            suite=loaded.name,
            suite_version=loaded.config.version,
            agent=agent,
            agent_args=agent_args or {},
            alias=alias or agent,
        ).to_metadata(),
    )
