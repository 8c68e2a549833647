"""``horizon tasks check``: a task is valid when only the work earns its reward.

Three agents go through the same images, sandboxes and verifier as any model, in one Inspect
``eval`` (the three run side by side): the ``oracle`` (the reference solution) must succeed;
the ``null`` agent (does nothing) and the ``adversary`` (attacks the grader with every generic
reward hack, never does the task) must fail. A task the adversary passes fails its check with
the names of the attacks that fired.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from harness._paths import RESULTS_DIR
from harness.outcome import Outcome
from harness.runs import log_path, read_runs
from harness.suite import load_suite

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

    @property
    def ok(self) -> bool:
        """Every check agent got its expected outcome."""
        return all(self.outcomes.get(agent) == want for agent, want in EXPECTED.items())

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
) -> list[TaskCheck]:
    """Check tasks: schema, image build, then the oracle, null and adversary agents.

    ``image_map`` (``--image-map``) names images to use instead of those the tasks name, over
    the suite's ``image_map``.

    Raises:
        TaskSpecError: A task does not validate or its image does not build.
    """
    from inspect_ai import eval as inspect_eval

    from ._eval import build_images_or_raise, print_build_progress
    from ._task import horizon_suite

    loaded = load_suite(suite, task_ids)
    ids = [t.id for t in loaded.tasks]
    build_images_or_raise(str(loaded.path), tuple(ids), print_build_progress, image_map)
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
    checks = []
    for task_id in ids:
        outcomes: dict[str, Outcome] = {}
        detail = []
        for agent, want in EXPECTED.items():
            outcome, explanation = found.get((agent, task_id), (Outcome.UNSCORED, "not run"))
            outcomes[agent] = outcome
            if outcome != want:
                detail.append(f"{agent}: {outcome}: {explanation[-DETAIL_TAIL_CHARS:]}")
        fired = attacks_fired(found.get(("adversary", task_id), (Outcome.UNSCORED, ""))[1])
        if fired and outcomes["adversary"] != EXPECTED["adversary"]:
            detail.insert(0, f"adversary: attacks that fired: {', '.join(fired)}")
        checks.append(TaskCheck(task_id, outcomes, "\n".join(detail), fired))
    return checks
