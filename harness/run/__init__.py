"""Run stage: suites as Inspect tasks, task checks, and the ``eval_set`` wrapper."""

from ._check import TaskCheck, check_tasks, sample_outcome
from ._task import horizon_suite, run_agent, sample_for

__all__ = ["TaskCheck", "check_tasks", "horizon_suite", "run_agent", "sample_for", "sample_outcome"]
