"""Agents stage: built-in Inspect agents (``oracle``, ``null``, ...) and their task context."""

from ._context import current_epoch, current_task, set_current_task
from ._oracle import null_agent, oracle, run_reference_solution
from ._registry import BUILTIN_AGENTS, get_agent

__all__ = [
    "BUILTIN_AGENTS",
    "current_epoch",
    "current_task",
    "get_agent",
    "null_agent",
    "oracle",
    "run_reference_solution",
    "set_current_task",
]
