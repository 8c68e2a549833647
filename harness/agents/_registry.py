"""The built-in agents, one table: what ``--agent NAME`` makes, and how its runs are labelled.

Each agent is an ordinary Inspect ``@agent`` (Inspect's registry knows it by name, so
``inspect eval`` can use it too). This table only attaches what horizon needs on top: whether
the agent calls a model, the alias its runs show under in reports, and a one-line help. Adding
an agent is one new entry in :data:`AGENTS`; the CLI's ``--agent`` help, the model check and
the alias all read it from here.
"""

import difflib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from inspect_ai.agent import Agent, human_cli

from harness.errors import InputError
from harness.sandbox import AGENT_USER

from ._adversary import adversary
from ._oracle import null_agent, oracle
from ._react import react_agent
from ._sim import sim, sim_alias

AliasFn = Callable[[str, Mapping[str, Any]], str]
"""``alias(model, args)``: the label of a run in reports, from the model name and ``-A`` args."""


@dataclass(frozen=True)
class AgentEntry:
    """One built-in agent and horizon's metadata about it."""

    factory: Callable[..., Agent]
    """The Inspect ``@agent`` factory; keyword arguments come from ``-A key=value``."""
    needs_model: bool
    """Whether the agent calls a model. Model-free agents run with Inspect's ``none`` model."""
    alias: AliasFn
    """How the agent's runs show in reports, e.g. ``sim/h=30m``, ``oracle``, the model name."""
    help: str
    """One line for ``--agent``'s help."""


def named(name: str) -> AliasFn:
    """An alias that is the agent's own name: for model-free agents (``oracle``, ``null``)."""
    return lambda model, args: name


def model_name(model: str, args: Mapping[str, Any]) -> str:
    """An alias that is the model's name: the agent is the model's standard harness."""
    return model


def _sim_alias(model: str, args: Mapping[str, Any]) -> str:
    # get_agent has already checked that "horizon" is given and positive.
    return sim_alias(float(args["horizon"]))


def _human() -> Agent:
    # answer=False: the files left in the sandbox are graded, not a typed answer. The person
    # works as the agent user, under the same walls as a model.
    return human_cli(answer=False, user=AGENT_USER)


AGENTS: dict[str, AgentEntry] = {
    "react": AgentEntry(
        react_agent,
        needs_model=True,
        alias=model_name,
        help="the model works the task with bash and python tools (Inspect's ReAct)",
    ),
    "oracle": AgentEntry(
        oracle,
        needs_model=False,
        alias=named("oracle"),
        help="runs the task's reference solution; must succeed",
    ),
    "null": AgentEntry(
        null_agent,
        needs_model=False,
        alias=named("null"),
        help="does nothing; must fail",
    ),
    "adversary": AgentEntry(
        adversary,
        needs_model=False,
        alias=named("adversary"),
        help="attacks the grader with generic reward hacks, never does the task; must fail",
    ),
    "sim": AgentEntry(
        sim,
        needs_model=False,
        alias=_sim_alias,
        help="simulated agent of known horizon (-A horizon=MINUTES [-A slope=0.6 -A seed=0])",
    ),
    "human": AgentEntry(
        _human,
        needs_model=False,
        alias=named("human"),
        help="a person works the task in the sandbox (used by `horizon baseline`)",
    ),
}
"""Every built-in agent by name, in the order ``--agent``'s help lists them."""


def agent_entry(name: str) -> AgentEntry:
    """The table entry of agent ``name``.

    Raises:
        InputError: Unknown name; the message lists the known ones and the nearest match.
    """
    try:
        return AGENTS[name]
    except KeyError:
        near = difflib.get_close_matches(name, AGENTS, n=1)
        hint = f" Did you mean {near[0]!r}?" if near else ""
        raise InputError(f"unknown agent {name!r}. Known: {', '.join(AGENTS)}.{hint}") from None


def get_agent(name: str, **args: Any) -> Agent:
    """Make the built-in agent ``name`` with keyword arguments ``args``.

    Raises:
        InputError: Unknown name (the message lists the known ones) or arguments the agent
            does not take or rejects.
    """
    entry = agent_entry(name)
    try:
        return entry.factory(**args)
    # TypeError: an unknown or missing argument; ValueError: a value the agent rejects.
    except (TypeError, ValueError) as err:
        raise InputError(f"bad argument for agent {name!r}: {err}") from err
