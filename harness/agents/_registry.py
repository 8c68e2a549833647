"""Built-in agents by name, for ``--agent``. Each is an ordinary Inspect ``@agent``."""

import difflib
from collections.abc import Callable
from typing import Any

from inspect_ai.agent import Agent, human_cli

from harness.errors import InputError

from ._oracle import null_agent, oracle
from ._react import react_agent
from ._sim import sim

BUILTIN_AGENTS: dict[str, Callable[..., Agent]] = {
    "oracle": oracle,
    "null": null_agent,
    "sim": sim,
    "react": react_agent,
    # A person works the task in the sandbox (`horizon baseline`); the files are graded.
    "human": lambda: human_cli(answer=False),
}
"""Built-in agents; ``react`` is the only one that calls the model."""

MODEL_FREE_AGENTS = frozenset({"oracle", "null", "sim", "human"})
"""Agents that never call a model: they run with Inspect's ``none`` model."""


def get_agent(name: str, **args: Any) -> Agent:
    """Make the built-in agent ``name`` with ``args``.

    Raises:
        InputError: Unknown name (the message lists the known ones) or bad arguments.
    """
    if name not in BUILTIN_AGENTS:
        near = difflib.get_close_matches(name, BUILTIN_AGENTS, n=1)
        hint = f" Did you mean {near[0]!r}?" if near else ""
        raise InputError(
            f"--agent: unknown agent {name!r}. Known: {', '.join(sorted(BUILTIN_AGENTS))}.{hint}"
        )
    try:
        return BUILTIN_AGENTS[name](**args)
    # TypeError: an unknown or missing argument; ValueError: a value the agent rejects.
    except (TypeError, ValueError) as err:
        raise InputError(f"-A: bad argument for agent {name!r}: {err}") from err
