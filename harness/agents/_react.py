"""``react``: Inspect's ReAct agent, set up for long tasks in a horizon sandbox."""

from inspect_ai.agent import Agent, AgentPrompt, AgentState, agent, react
from inspect_ai.model import CompactionAuto
from inspect_ai.tool import bash, python

from ._context import current_task

REACT_INSTRUCTIONS = """\
You are a skilled software engineer working on a task inside a Linux sandbox (Debian 12) with
no internet access. The files of the task are in your working directory (usually /app); the
task statement above says exactly what to produce and where. You have bash and python tools;
each call runs a fresh process (state persists only in files). Python 3.11, pytest, numpy,
gcc/g++, make, git, sqlite3 and jq are installed; nothing can be downloaded.

Your work is checked by hidden tests after you stop; they are not in the sandbox, so test your
own work thoroughly against the statement, including edge cases. Long tasks are long: plan,
work in small verified steps, and keep notes in files if that helps. When you are finished,
call submit() (the answer text is not graded; the files you leave are).
"""

DEFAULT_COMMAND_TIMEOUT_SEC = 600
"""Per tool call: long enough for builds and test runs, short enough to notice a hang."""

COMPACTION_THRESHOLD = 0.8
"""Summarise the transcript when it fills this share of the model's context window."""


@agent(name="react")
def react_agent(
    command_timeout_sec: int = DEFAULT_COMMAND_TIMEOUT_SEC,
    compaction_threshold: float = COMPACTION_THRESHOLD,
) -> Agent:
    """Inspect's ``react()`` with bash and python in the sandbox and a submit tool.

    The tools run as the task's agent user (``[agent] user``: the unprivileged ``agent``
    unless the task says otherwise), so they are made for each sample.

    Args:
        command_timeout_sec: Timeout of each bash/python call.
        compaction_threshold: Share of the context window at which the transcript is
            compacted, so a many-hour task does not overflow it.
    """

    async def execute(state: AgentState) -> AgentState:
        user = current_task().config.agent.user
        inner = react(
            name="react",
            prompt=AgentPrompt(instructions=REACT_INSTRUCTIONS),
            tools=[
                bash(timeout=command_timeout_sec, user=user),
                python(timeout=command_timeout_sec, user=user),
            ],
            compaction=CompactionAuto(threshold=compaction_threshold),
            truncation="auto",
        )
        return await inner(state)

    return execute
