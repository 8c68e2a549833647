"""A suite as an ordinary Inspect ``Task``: one sample per task folder.

``horizon_suite`` is registered with Inspect (entry point ``inspect_ai``), so
``inspect eval horizon/horizon_suite -T suite=smoke -T agent=oracle --model none`` works too.
Every argument is a plain value: ``eval_set`` hashes them to recognise a task on resume.
"""

from typing import Any

from inspect_ai import Task, task
from inspect_ai.agent import as_solver
from inspect_ai.dataset import Sample
from inspect_ai.solver import Generate, Solver, TaskState, solver
from inspect_ai.util import SandboxEnvironmentSpec, time_limit

from harness.agents import current_task, get_agent, set_current_task
from harness.sandbox import task_image_tag, write_compose_file
from harness.scoring import verifier
from harness.suite import TaskSpec, load_suite


def sample_for(spec: TaskSpec) -> Sample:
    """The Inspect sample for one task. Builds nothing: run ``build_task_images`` first."""
    compose = write_compose_file(spec, task_image_tag(spec))
    return Sample(
        id=spec.id,
        input=spec.instruction,
        metadata={
            "task_id": spec.id,
            "family": spec.family,
            "version": spec.version,
            "human_minutes": spec.human_minutes,
            "human_source": spec.human_source,
            "suite": spec.suite,
            "task_path": str(spec.path),
            "task_hash": spec.content_hash,
        },
        sandbox=SandboxEnvironmentSpec("docker", str(compose)),
    )


@solver
def run_agent(agent: str, agent_args: dict[str, Any], time_multiplier: float = 1.0) -> Solver:
    """Run the named agent with the task's own time limit (``[agent] timeout_sec``)."""
    made = get_agent(agent, **agent_args)

    async def solve(state: TaskState, generate: Generate) -> TaskState:
        set_current_task(str(state.metadata["task_path"]), state.epoch)
        limit = current_task().config.agent.timeout_sec * time_multiplier
        with time_limit(limit):
            return await as_solver(made)(state, generate)

    return solve


@task
def horizon_suite(
    suite: str = "smoke",
    tasks: list[str] | None = None,
    agent: str = "oracle",
    agent_args: dict[str, Any] | None = None,
    time_multiplier: float = 1.0,
    alias: str | None = None,
) -> Task:
    """A task suite as an Inspect task.

    Args:
        suite: Suite name under ``tasks/`` or a suite folder.
        tasks: Task ids to run (default: all).
        agent: Built-in agent name (``oracle``, ``null``, ...).
        agent_args: Keyword arguments for the agent.
        time_multiplier: Scales every task's ``[agent] timeout_sec``.
        alias: How the runs show in reports (default: the model and the agent).
    """
    loaded = load_suite(suite, tasks or ())
    return Task(
        name=f"{loaded.name}-{agent}",
        dataset=[sample_for(spec) for spec in loaded.tasks],
        solver=run_agent(agent, agent_args or {}, time_multiplier),
        scorer=verifier(),
        metadata={
            "suite": loaded.name,
            "suite_version": loaded.config.version,
            "agent": agent,
            "agent_args": agent_args or {},
            **({"alias": alias} if alias else {}),
        },
    )
