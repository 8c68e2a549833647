"""Agents stage: built-in Inspect agents (``oracle``, ``null``, ...) and their task context."""

from ._adversary import ATTACKS, MARKER, Attack, adversary, register_attack
from ._context import (
    current_epoch,
    current_step,
    current_task,
    set_current_step,
    set_current_task,
)
from ._oracle import null_agent, oracle, run_reference_solution
from ._react import react_agent
from ._registry import AGENTS, AgentEntry, agent_entry, get_agent
from ._scripted import ScriptedModel
from ._sim import sim, sim_alias, success_probability

__all__ = [
    "AGENTS",
    "ATTACKS",
    "MARKER",
    "AgentEntry",
    "Attack",
    "adversary",
    "register_attack",
    "ScriptedModel",
    "agent_entry",
    "current_epoch",
    "current_step",
    "current_task",
    "get_agent",
    "null_agent",
    "oracle",
    "react_agent",
    "run_reference_solution",
    "set_current_step",
    "set_current_task",
    "sim",
    "sim_alias",
    "success_probability",
]
