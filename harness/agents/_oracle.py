"""``oracle`` and ``null``: the two agents that prove a task is solvable and not pre-solved."""

from inspect_ai.agent import Agent, AgentState, agent
from inspect_ai.model import ChatMessageAssistant
from inspect_ai.util import sandbox

from harness.sandbox import copy_folder_into

from ._context import current_step, current_task

SOLUTION_PATH = "/solution"
OUTPUT_TAIL_CHARS = 2000


NO_SOLUTION = "no solution/solve.sh (Harbor makes it optional): nothing to run"


async def run_reference_solution() -> str:
    """Copy ``solution/`` into the sandbox, run ``solve.sh`` as the agent user, remove it.

    On a step of a multi-step task, the step's ``steps/<name>/solution/`` (else the task's), as
    Harbor's oracle does.

    The reference solution works under the same walls as any agent: if it needs root, the
    task must say ``[agent] user = "root"`` (and is then marked weakly isolated). It gets the
    task's ``[solution] env``, as in Harbor. A task without a solution is left untouched.

    Returns:
        A tail of ``solve.sh``'s output, or :data:`NO_SOLUTION`.

    Raises:
        TimeoutError: ``solve.sh`` ran past the task's agent timeout.
    """
    spec, step = current_task(), current_step()
    folder = spec.solution_dir_for(step)
    if folder is None:
        return NO_SOLUTION
    box = sandbox()
    await copy_folder_into(box, folder, SOLUTION_PATH)
    result = await box.exec(
        ["bash", f"{SOLUTION_PATH}/solve.sh"],
        env=spec.solution_env,
        timeout=int(spec.config.agent.timeout_sec if step is None else step.agent_timeout_sec),
        user=spec.config.agent.user,
    )
    await box.exec(["rm", "-rf", SOLUTION_PATH], timeout=60)
    status = "ok" if result.success else f"exit code {result.returncode}"
    return f"solve.sh: {status}\n{(result.stdout + result.stderr)[-OUTPUT_TAIL_CHARS:]}"


@agent
def oracle() -> Agent:
    """Run the task's reference solution (``solution/solve.sh``) in the sandbox."""

    async def execute(state: AgentState) -> AgentState:
        report = await run_reference_solution()
        state.messages.append(ChatMessageAssistant(content=report))
        return state

    return execute


@agent(name="null")
def null_agent() -> Agent:
    """Do nothing: the untouched environment must fail the verifier."""

    async def execute(state: AgentState) -> AgentState:
        state.messages.append(ChatMessageAssistant(content="(null agent: did nothing)"))
        return state

    return execute
