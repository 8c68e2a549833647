"""The task a sample belongs to, as agents see it.

Agents receive only an ``AgentState``; the runner puts the task folder's path in the sample's
store (``inspect_ai.util.store``) before the agent starts, and agents read it back here.
"""

from inspect_ai.util import store

from harness.suite import StepSpec, TaskSpec, load_task_cached

TASK_PATH_KEY = "horizon:task_path"
EPOCH_KEY = "horizon:epoch"
STEP_KEY = "horizon:step"


def set_current_task(task_path: str, epoch: int) -> None:
    """Record the sample's task folder and epoch for the agent (called by the runner)."""
    store().set(TASK_PATH_KEY, task_path)
    store().set(EPOCH_KEY, epoch)


def current_task() -> TaskSpec:
    """The ``TaskSpec`` of the sample being run."""
    path = store().get(TASK_PATH_KEY)
    if path is None:
        raise RuntimeError("no current task: horizon agents run inside `horizon run` tasks only")
    return load_task_cached(str(path))


def current_epoch() -> int:
    """The epoch (1-based) of the sample being run."""
    return int(store().get(EPOCH_KEY, 1))


def set_current_step(name: str | None) -> None:
    """Record which step of a multi-step task the agent's turn is for (None: a single step)."""
    store().set(STEP_KEY, name)


def current_step() -> StepSpec | None:
    """The step of a multi-step task being run, or None for a single-step task."""
    name = store().get(STEP_KEY)
    if name is None:
        return None
    return next(step for step in current_task().steps if step.name == name)
