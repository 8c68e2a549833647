"""``horizon tasks check``: a task is valid when its oracle succeeds and a null agent fails.

Both agents go through the same images, sandboxes and verifier as any model, in one Inspect
``eval`` (two tasks run side by side), so a check exercises the real path.
"""

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from harness._paths import RESULTS_DIR
from harness.outcome import Outcome
from harness.suite import load_suite

CHECK_AGENTS = ("oracle", "null")
EXPECTED = {"oracle": Outcome.SUCCESS, "null": Outcome.FAILURE}


@dataclass(frozen=True)
class TaskCheck:
    """The result of checking one task."""

    task_id: str
    oracle_outcome: Outcome
    null_outcome: Outcome
    detail: str
    """Why a check failed: the verifier's output tail or the error."""

    @property
    def ok(self) -> bool:
        """Oracle succeeded and null failed."""
        return self.oracle_outcome == EXPECTED["oracle"] and self.null_outcome == EXPECTED["null"]


def sample_outcome(sample: Any) -> tuple[Outcome, str]:
    """Outcome and an explanation for one Inspect ``EvalSample``."""
    score = (sample.scores or {}).get("verifier")
    if score is not None and score.metadata:
        return Outcome(score.metadata["outcome"]), str(score.explanation or "")
    if sample.error is not None:
        return Outcome.INFRA_ERROR, str(sample.error.message)
    return Outcome.UNSCORED, "no verifier score"


def check_tasks(
    suite: str | Path,
    task_ids: tuple[str, ...] = (),
    *,
    log_dir: Path | None = None,
    max_sandboxes: int | None = None,
    display: str = "none",
) -> list[TaskCheck]:
    """Check tasks: schema, image build, oracle must succeed, null must fail.

    Raises:
        TaskSpecError: A task does not validate or its image does not build.
    """
    from inspect_ai import eval as inspect_eval

    from ._task import horizon_suite

    loaded = load_suite(suite, task_ids)
    ids = [t.id for t in loaded.tasks]
    tasks = [horizon_suite(suite=str(loaded.path), tasks=ids, agent=a) for a in CHECK_AGENTS]
    logs = inspect_eval(
        tasks,
        model="none",
        log_dir=str(log_dir or RESULTS_DIR / "checks" / loaded.name),
        max_tasks=len(tasks),
        max_sandboxes=max_sandboxes,
        max_samples=max_sandboxes,
        fail_on_error=False,
        display=display,  # type: ignore[arg-type]
        log_level="error",
    )
    found: dict[tuple[str, str], tuple[Outcome, str]] = {}
    for agent, log in zip(CHECK_AGENTS, logs, strict=True):
        for sample in log.samples or []:
            found[(agent, str(sample.id))] = sample_outcome(sample)
    checks = []
    for task_id in ids:
        oracle_outcome, oracle_detail = found.get(
            ("oracle", task_id), (Outcome.UNSCORED, "not run")
        )
        null_outcome, null_detail = found.get(("null", task_id), (Outcome.UNSCORED, "not run"))
        detail = ""
        if oracle_outcome != EXPECTED["oracle"]:
            detail += f"oracle: {oracle_outcome}: {oracle_detail[-800:]}\n"
        if null_outcome != EXPECTED["null"]:
            detail += f"null: {null_outcome}: {null_detail[-800:]}\n"
        checks.append(TaskCheck(task_id, oracle_outcome, null_outcome, detail.strip()))
    return checks
