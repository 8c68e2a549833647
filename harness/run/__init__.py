"""Run stage: suites as Inspect tasks, task checks, and the ``eval_set`` wrapper."""

from ._check import TaskCheck, attacks_fired, check_tasks
from ._eval import AgentChoice, RunOutcome, RunSettings, default_max_sandboxes, run_suite
from ._logdir import LOCK_FILE, run_is_live
from ._records import (
    CHECK_RECORDS_DIR,
    CheckRecord,
    CheckStatus,
    MachineState,
    check_command,
    check_status,
    gate_tasks,
    machine_state,
    record_check,
    unchecked_message,
    write_record,
)
from ._summary import summarize_logs
from ._task import horizon_suite, run_agent, sample_for

__all__ = [
    "CHECK_RECORDS_DIR",
    "CheckRecord",
    "CheckStatus",
    "MachineState",
    "check_command",
    "check_status",
    "gate_tasks",
    "machine_state",
    "record_check",
    "unchecked_message",
    "write_record",
    "AgentChoice",
    "LOCK_FILE",
    "RunOutcome",
    "RunSettings",
    "TaskCheck",
    "attacks_fired",
    "check_tasks",
    "default_max_sandboxes",
    "horizon_suite",
    "run_agent",
    "run_is_live",
    "run_suite",
    "sample_for",
    "summarize_logs",
]
