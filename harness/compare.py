"""Compare stage: the CI gate that asks whether a candidate's time horizon regressed.

For each alias pair, on the tasks both ran: the ratio candidate p50 / baseline p50 with a CI
from a *paired* hierarchical bootstrap (both sides share each draw's families and tasks, so
task difficulty cancels; ``harness.horizon``'s paired comparisons), the change in weighted
success, and the tasks that flipped. The verdict is deliberately two-sided and needs both
significance and size, so a CI gate fails on a real regression and not on noise:

* ``regressed``: the ratio's upper CI end is below 1 and the estimate below ``1 - tolerance``;
* ``improved``: the lower CI end is above 1 and the estimate above ``1 / (1 - tolerance)``
  (the same size of change on the log scale);
* ``no_change`` otherwise;
* ``selective_infra_errors`` in place of ``no_change`` or ``improved`` when the candidate's
  runs ended in infra errors significantly more often than the baseline's: infra errors are
  left out of the fit, so an agent that broke its sandboxes on the tasks it would fail could
  otherwise pass the gate. The gate fails closed; rerunning the errored samples settles it.

Pure: runs tables in, frozen results out; no files, printing or Inspect. numpy, pandas and
``harness.horizon`` are imported where a comparison is computed, not at import time, so
``horizon compare --help`` and the renderers of results start fast.
"""

import math
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from harness.errors import InputError

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

    from harness.horizon import HorizonParams

BASELINE, CANDIDATE = "baseline", "candidate"
"""The two sides' labels in the joint fit (sorted: the baseline is the pair's A)."""


class Verdict(StrEnum):
    """What a comparison concluded."""

    REGRESSED = "regressed"
    IMPROVED = "improved"
    NO_CHANGE = "no_change"
    SELECTIVE_INFRA_ERRORS = "selective_infra_errors"

    @property
    def fails_gate(self) -> bool:
        """Whether this verdict fails a CI gate (``horizon compare`` exits 1)."""
        return self in (Verdict.REGRESSED, Verdict.SELECTIVE_INFRA_ERRORS)


@dataclass(frozen=True)
class AliasComparison:
    """One alias pair compared on the tasks both ran."""

    baseline_alias: str
    candidate_alias: str
    n_tasks: int
    """Tasks both sides have a success or failure on (the comparison's tasks)."""
    baseline_p50: float
    candidate_p50: float
    ratio: float
    """Candidate p50 over baseline p50; inf or NaN when a p50 is unbounded or 0."""
    ratio_ci: tuple[float, float]
    """Paired bootstrap CI of the ratio."""
    p_candidate_longer: float
    """Share of the paired draws in which the candidate's p50 exceeds the baseline's."""
    success_change: float
    """Candidate's weighted mean score minus the baseline's, on the shared tasks."""
    flipped_to_fail: tuple[str, ...]
    """Tasks every baseline run passed and every candidate run failed."""
    flipped_to_pass: tuple[str, ...]
    """Tasks every baseline run failed and every candidate run passed."""
    baseline_infra_errors: tuple[int, int]
    """``(runs that ended in infra_error, all runs)`` of the baseline on the tasks both ran."""
    candidate_infra_errors: tuple[int, int]
    """The same for the candidate."""
    verdict: Verdict


def alias_pairs(
    baseline: "pd.DataFrame",
    candidate: "pd.DataFrame",
    baseline_alias: str | None = None,
    candidate_alias: str | None = None,
) -> list[tuple[str, str]]:
    """Which aliases to compare: the named pair, else those in both, else the only two.

    Raises:
        InputError: A named alias is missing, or nothing pairs up.
    """
    base = sorted(set(baseline["alias"]))
    cand = sorted(set(candidate["alias"]))
    if baseline_alias is not None or candidate_alias is not None:
        b = baseline_alias or (base[0] if len(base) == 1 else None)
        c = candidate_alias or (cand[0] if len(cand) == 1 else None)
        for name, side, have in (("baseline", b, base), ("candidate", c, cand)):
            if side is None or side not in have:
                raise InputError(
                    f"--{name}-alias: {side!r} is not in the {name} runs (have: "
                    f"{', '.join(have)}). Name an alias the {name} runs hold."
                )
        return [(str(b), str(c))]
    pairs = [(a, a) for a in base if a in cand]
    if not pairs and len(base) == 1 and len(cand) == 1:
        pairs = [(base[0], cand[0])]
    if not pairs:
        raise InputError(
            f"no alias in both inputs (baseline: {', '.join(base)}; candidate: "
            f"{', '.join(cand)}). Name the pair with --baseline-alias and --candidate-alias."
        )
    return pairs


def _flipped(runs: "pd.DataFrame") -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Tasks whose runs all passed on one side and all failed on the other."""
    by_task = runs.groupby(["task_id", "alias"])["score_binarized"].agg(["min", "max"]).unstack()
    passed = (by_task["min"] == 1).fillna(False)
    failed = (by_task["max"] == 0).fillna(False)
    to_fail = by_task.index[passed[BASELINE] & failed[CANDIDATE]]
    to_pass = by_task.index[failed[BASELINE] & passed[CANDIDATE]]
    return tuple(sorted(map(str, to_fail))), tuple(sorted(map(str, to_pass)))


def verdict(ratio: float, ratio_ci: tuple[float, float], tolerance: float) -> Verdict:
    """The rule in the module docstring."""
    low, high = ratio_ci
    if high < 1.0 and ratio < 1.0 - tolerance:
        return Verdict.REGRESSED
    if low > 1.0 and ratio > 1.0 / (1.0 - tolerance):
        return Verdict.IMPROVED
    return Verdict.NO_CHANGE


def compare_pair(
    baseline: "pd.DataFrame",
    candidate: "pd.DataFrame",
    pair: tuple[str, str],
    params: "HorizonParams",
    rng: "np.random.Generator",
    tolerance: float,
) -> AliasComparison:
    """Compare one alias pair on the tasks both ran.

    Args:
        baseline: The baseline's validated runs table.
        candidate: The candidate's validated runs table.
        pair: ``(baseline alias, candidate alias)``.
        params: Estimation parameters (``n_bootstrap`` paired draws, ``confidence``).
        rng: Source of randomness.
        tolerance: Share of the p50 a change must exceed to count, in [0, 1).

    Raises:
        InputError: The two ran no task in common, or disagree on a task's human minutes.
    """
    import pandas as pd

    from harness.horizon import HEADLINE_PERCENT, HorizonParams, fit_horizons, infra_rate_outliers
    from harness.outcome import Outcome

    base = baseline[baseline["alias"] == pair[0]].assign(alias=BASELINE)
    cand = candidate[candidate["alias"] == pair[1]].assign(alias=CANDIDATE)
    both_ran = set(base["task_id"]) & set(cand["task_id"])
    runs = pd.concat([base, cand], ignore_index=True)
    runs = runs[runs["task_id"].isin(both_ran)]
    # Infra errors are counted on every task both ran; the fit pairs the tasks both have a
    # verdict on (a task whose runs all errored on one side has nothing to pair).
    infra = {
        str(side): (int((rows["outcome"] == Outcome.INFRA_ERROR.value).sum()), len(rows))
        for side, rows in runs.groupby("alias")
    }
    scored = runs[runs["outcome"].isin([Outcome.SUCCESS.value, Outcome.FAILURE.value])]
    sides_scored = scored.groupby("task_id")["alias"].nunique()
    shared = sorted(sides_scored.index[sides_scored == 2])
    if not shared:
        raise InputError(
            f"{pair[0]} (baseline) and {pair[1]} (candidate) have no task in common with a "
            "success or failure on both sides; a paired comparison needs the same tasks."
        )
    runs = runs[runs["task_id"].isin(shared)]
    joint = HorizonParams(
        regularization=params.regularization,
        weighting=params.weighting,
        n_bootstrap=params.n_bootstrap,
        confidence=params.confidence,
        partial_scores=params.partial_scores,
        merge_runs=True,  # each side is one model, however many log folders it spans
        label_noise=False,  # the gate reads the paired plain ratio only
    )
    result = fit_horizons(runs, joint, rng)
    by_alias = {m.alias: m for m in result.models}
    if set(by_alias) != {BASELINE, CANDIDATE}:
        missing = ", ".join(sorted({BASELINE, CANDIDATE} - set(by_alias)))
        raise InputError(f"{pair}: the {missing} has no scored run on the shared tasks.")
    [paired] = result.comparisons  # A = baseline, B = candidate (sorted labels)
    low, high = paired.ratio_ci
    ratio = 1.0 / paired.ratio if paired.ratio else math.inf
    ratio_ci = (1.0 / high if high else math.inf, 1.0 / low if low else math.inf)
    to_fail, to_pass = _flipped(scored[scored["task_id"].isin(shared)])
    b, c = by_alias[BASELINE], by_alias[CANDIDATE]
    selective = any(o.alias == CANDIDATE for o in infra_rate_outliers(infra))
    decided = verdict(ratio, ratio_ci, tolerance)
    if selective and decided is not Verdict.REGRESSED:
        decided = Verdict.SELECTIVE_INFRA_ERRORS
    return AliasComparison(
        baseline_alias=pair[0],
        candidate_alias=pair[1],
        n_tasks=len(shared),
        baseline_p50=b.horizon(HEADLINE_PERCENT).minutes,
        candidate_p50=c.horizon(HEADLINE_PERCENT).minutes,
        ratio=ratio,
        ratio_ci=ratio_ci,
        p_candidate_longer=1.0 - paired.p_a_longer,
        success_change=c.average_score - b.average_score,
        flipped_to_fail=to_fail,
        flipped_to_pass=to_pass,
        baseline_infra_errors=infra[BASELINE],
        candidate_infra_errors=infra[CANDIDATE],
        verdict=decided,
    )
