"""``horizon tasks check``: a task is valid when only the work earns its reward.

Three agents go through the same images, sandboxes and verifier as any model, in one Inspect
``eval`` (the three run side by side): the ``oracle`` (the reference solution) must succeed;
the ``null`` agent (does nothing) and the ``adversary`` (attacks the grader with every generic
reward hack, never does the task) must fail. A task the adversary passes fails its check with
the names of the attacks that fired.

Each task that passes is recorded (``_records``): ``horizon run`` runs only tasks whose check
passed on this machine, for their current content and image.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from harness._paths import RESULTS_DIR
from harness.outcome import Outcome
from harness.runs import log_path, read_runs
from harness.suite import load_suite

from ._records import CHECK_RECORDS_DIR, machine_state, record_check

EXPECTED: dict[str, Outcome] = {
    "oracle": Outcome.SUCCESS,
    "null": Outcome.FAILURE,
    "adversary": Outcome.FAILURE,
}
"""The agents a check runs, and the one outcome each must get."""

DETAIL_TAIL_CHARS = 800


@dataclass(frozen=True)
class TaskCheck:
    """The result of checking one task."""

    task_id: str
    outcomes: Mapping[str, Outcome]
    """Each check agent's outcome."""
    detail: str
    """Why a check failed: per agent that missed, its outcome and the verifier's output tail."""
    attacks_fired: tuple[str, ...] = ()
    """The adversary's attacks whose payloads ran during grading."""
    has_solution: bool = True
    """Whether the task has ``solution/solve.sh``; without one the oracle is not asked."""
    record: Path | None = None
    """The check record written for a passing task (``horizon run`` looks for it)."""

    @property
    def ok(self) -> bool:
        """Every check agent got its expected outcome (the oracle only with a solution)."""
        return all(
            self.outcomes.get(agent) == want
            for agent, want in EXPECTED.items()
            if agent != "oracle" or self.has_solution
        )

    @property
    def oracle_outcome(self) -> Outcome:
        """The oracle's outcome."""
        return self.outcomes["oracle"]

    @property
    def null_outcome(self) -> Outcome:
        """The null agent's outcome."""
        return self.outcomes["null"]

    @property
    def adversary_outcome(self) -> Outcome:
        """The adversary's outcome."""
        return self.outcomes["adversary"]


def attacks_fired(explanation: str) -> tuple[str, ...]:
    """The attacks that announced themselves in a verifier's output (adversary ``MARKER``)."""
    from harness.agents import MARKER

    return tuple(sorted(set(re.findall(rf"{re.escape(MARKER)} (\S+) fired", explanation))))


def check_tasks(
    suite: str | Path,
    task_ids: tuple[str, ...] = (),
    *,
    log_dir: Path | None = None,
    max_sandboxes: int | None = None,
    display: str = "none",
    image_map: Mapping[str, str] | None = None,
    records_dir: Path | None = CHECK_RECORDS_DIR,
) -> list[TaskCheck]:
    """Check tasks: schema, image build, then the oracle, null and adversary agents.

    Args:
        suite: A suite name under ``tasks/`` or a folder of tasks.
        task_ids: Only these tasks (default: all).
        log_dir: Where the check's Inspect logs go (default ``results/checks/<suite>/``).
        max_sandboxes: Sandboxes at once (default: Inspect's).
        display: Inspect's progress display.
        image_map: Images to use instead of those the tasks name (``--image-map``), over the
            suite's ``image_map``.
        records_dir: Where each passing task's check record is written (``_records``); None
            writes none.

    Raises:
        TaskSpecError: A task does not validate or its image does not build.
    """
    from inspect_ai import eval as inspect_eval

    from ._eval import build_images_or_raise, print_build_progress
    from ._task import horizon_suite

    loaded = load_suite(suite, task_ids)
    ids = [t.id for t in loaded.tasks]
    images = {
        b.task_id: b.tag
        for b in build_images_or_raise(
            str(loaded.path), tuple(ids), print_build_progress, image_map
        )
    }
    tasks = [
        horizon_suite(
            suite=str(loaded.path), tasks=ids, agent=a, image_map=dict(image_map or {}) or None
        )
        for a in EXPECTED
    ]
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
    runs = read_runs([log_path(log.location) for log in logs])
    found = {
        (str(row["agent"]), str(row["task_id"])): (
            Outcome(row["outcome"]),
            str(row["error"] or row["explanation"]),
        )
        for row in runs.to_dict("records")
    }
    machine = machine_state() if records_dir is not None else None
    specs = {t.id: t for t in loaded.tasks}
    checks = []
    for task_id in ids:
        outcomes: dict[str, Outcome] = {}
        detail = []
        for agent, want in EXPECTED.items():
            outcome, explanation = found.get((agent, task_id), (Outcome.UNSCORED, "not run"))
            outcomes[agent] = outcome
            if outcome != want and (agent != "oracle" or specs[task_id].has_solution):
                detail.append(f"{agent}: {outcome}: {explanation[-DETAIL_TAIL_CHARS:]}")
        fired = attacks_fired(found.get(("adversary", task_id), (Outcome.UNSCORED, ""))[1])
        if fired and outcomes["adversary"] != EXPECTED["adversary"]:
            detail.insert(0, f"adversary: attacks that fired: {', '.join(fired)}")
        check = TaskCheck(task_id, outcomes, "\n".join(detail), fired, specs[task_id].has_solution)
        if check.ok and machine is not None and records_dir is not None:
            outcome_names = {agent: str(outcome) for agent, outcome in outcomes.items()}
            record = record_check(
                specs[task_id], images[task_id], outcome_names, machine, records_dir
            )
            check = replace(check, record=record)
        checks.append(check)
    return checks
