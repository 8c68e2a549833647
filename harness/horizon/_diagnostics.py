"""Diagnostics: what the data can and cannot support, and how the report says so.

Suite-range bounds, tasks near the horizon, success per doubling of human time, and one
:class:`Flag` enum: every condition the report flags is a member, and the member owns the
sentence that explains it, so a flag's code and its message cannot drift apart. Stage
``horizon``: pure numpy. None of this is in METR's pipeline; it is horizon's own honesty
layer (DESIGN.md, "The reporter").
"""

import math
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import numpy as np
from numpy.typing import NDArray

from harness.suite import bucket_edges, bucket_label

NEAR_HORIZON_FACTOR = 4.0
"""A task is "near" a horizon when its human minutes are within this factor of it, i.e. in a
4-doubling window centred on the horizon, where the logistic's midpoint is decided."""

MIN_TASKS_NEAR_HORIZON = 5
"""Fewer tasks than this near the p50 and the midpoint rests on a handful of tasks: the fit
extrapolates from the curve's tails and the bootstrap CI understates that. horizon's choice
(METR's suite has dozens near every published p50)."""


class Flag(StrEnum):
    """Something the report must say about what the data cannot support.

    The value is the stable machine-readable code (in ``leaderboard.json`` flags and
    warnings); :meth:`message` fills the member's sentence with the numbers.
    """

    template: str
    """The sentence, a ``str.format`` template over the facts :meth:`message` is given."""

    def __new__(cls, code: str, template: str = "") -> "Flag":
        member = str.__new__(cls, code)
        member._value_ = code
        member.template = template
        return member

    ABOVE_SUITE_RANGE = (
        "above_suite_range",
        "{alias}: p{percent} is beyond the longest task ({longest:g} min): only the lower "
        "bound > {value:.3g} min is supported.",
    )
    BELOW_SUITE_RANGE = (
        "below_suite_range",
        "{alias}: p{percent} is below the shortest task ({shortest:g} min): only the upper "
        "bound < {value:.3g} min is supported.",
    )
    ALL_FAILED = (
        "all_failed",
        "{alias}: every scored run failed; its horizons are below its shortest task, and the "
        "data say nothing about how far below (METR records 0 for them and their CIs).",
    )
    ALL_SUCCEEDED = (
        "all_succeeded",
        "{alias}: every scored run succeeded; its horizons are unbounded above.",
    )
    POSITIVE_SLOPE = (
        "positive_slope",
        "{alias}: success does not fall with task length (slope {slope:.3g}); its horizons "
        "are not meaningful.",
    )
    NOT_CONVERGED = (
        "not_converged",
        "{alias}: the logistic fit did not converge in {max_iter} Newton steps; its horizons "
        "are unreliable.",
    )
    FEW_TASKS_NEAR_P50 = (
        "few_tasks_near_p50",
        "{alias}: only {n_near} task(s) within a factor {factor:g} of its p50 ({p50:.3g} min); "
        "the estimate rests on few tasks and its CI is optimistic.",
    )
    DRAWS_NOT_CONVERGED = (
        "draws_not_converged",
        "{alias}: {n_draws} of {n_bootstrap} bootstrap draws did not converge in {max_iter} "
        "Newton steps; they are left out of its CIs and of the trend.",
    )
    NO_SCORED_RUNS = (
        "no_scored_runs",
        "{alias}: no success/failure runs (only infra_error/unscored); not estimated.",
    )
    RUNS_KEPT_APART = (
        "runs_kept_apart",
        "{alias}: found in {n_runs} separate runs, estimated apart as {labels}. To pool them "
        "into one estimate, set merge_runs (`horizon report --merge-runs`).",
    )
    NO_RELEASE_DATE = (
        "no_release_date",
        "{alias}: no release date given; left out of the trend.",
    )
    TREND_UNUSABLE_P50 = (
        "trend_unusable_p50",
        "{alias}: p50 is {p50:g} min; left out of the trend.",
    )
    SELECTIVE_INFRA_ERRORS = (
        "selective_infra_errors",
        "{alias}: {rate:.0%} of its runs ended in infra errors against {others:.0%} for the "
        "other models (p = {p_value:.2g}); excluded runs may not be missing at random, so its "
        "horizon may be biased. Rerun the errored samples (`horizon run` again) before "
        "comparing.",
    )
    TREND_BOUNDED_P50 = (
        "trend_bounded_p50",
        "{alias}: p50 is only a bound (beyond its tasks); left out of the trend, which a "
        "bound would pull towards the suite's edge.",
    )
    TOO_FEW_TASKS = (
        "too_few_tasks",
        "{alias}: {n_tasks} task(s) of {n_lengths} distinct length(s); a horizon needs runs on "
        "at least {min_lengths} task lengths, so it is listed but not ranked.",
    )
    UNTIMED_TASKS = (
        "untimed_tasks",
        "{n_tasks} tasks without human time: not in the fit ({n_runs} runs left out; give "
        "them [human] minutes or [metadata] expert_time_estimate_min to fit them).",
    )
    UNCHECKED_TASKS = (
        "unchecked_tasks",
        "{n_tasks} tasks ran without a passing `horizon tasks check` on the machine that ran "
        "them (`horizon run --unchecked`; {n_runs} runs, e.g. {examples}): a task broken there "
        "scores as a model failure. Check them and rerun to be sure.",
    )
    TREND_TOO_FEW_MODELS = (
        "trend_too_few_models",
        "trend: {n_sota} SOTA model(s) with release dates; need two on different dates to fit "
        "a doubling time.",
    )

    def message(self, **facts: Any) -> str:
        """The member's sentence with ``facts`` filled in."""
        return self.template.format(**facts)

    def warn(self, alias: str | None, **facts: Any) -> "HorizonWarning":
        """A warning about ``alias`` (``None``: the whole report) saying :meth:`message`."""
        return HorizonWarning(self, alias, self.message(alias=alias, **facts))


class Bound(StrEnum):
    """Why a horizon is reported as a bound rather than a number."""

    ABOVE_SUITE_RANGE = Flag.ABOVE_SUITE_RANGE.value
    """The horizon exceeds the longest task: a lower bound only (``> 960 min``)."""
    BELOW_SUITE_RANGE = Flag.BELOW_SUITE_RANGE.value
    """The horizon is shorter than the shortest task: an upper bound only (``< 2 min``)."""

    @property
    def flag(self) -> Flag:
        """The flag that reports this bound."""
        return Flag(self.value)


@dataclass(frozen=True)
class HorizonWarning:
    """Something the report must say about what the data cannot support."""

    code: Flag
    """What is wrong, as a stable code, e.g. ``few_tasks_near_p50``."""
    alias: str | None
    """The model it concerns, or ``None`` for the whole report."""
    message: str
    """One sentence for people: what, the numbers, and what it means."""


@dataclass(frozen=True)
class BucketRate:
    """Observed success in one bucket of human time, ``[min_minutes, max_minutes)``.

    Buckets are ``harness.suite``'s (:func:`harness.suite.bucket_edges`): doublings from a
    minute up, and one ``<1`` bucket below.
    """

    label: str
    """The bucket as the suite tables name it, e.g. ``[8,16)`` or ``<1``."""
    min_minutes: float
    """Bucket start in minutes: a power of two, or 0 for the sub-minute bucket."""
    max_minutes: float
    """Bucket end (exclusive), in minutes."""
    n_runs: int
    """Scored runs in the bucket."""
    n_tasks: int
    """Distinct tasks in the bucket."""
    success_rate: float
    """Unweighted mean score of those runs (the success fraction for binary scores)."""


def suite_bound(
    minutes: float, ci: tuple[float, float], shortest: float, longest: float
) -> tuple[Bound, float] | None:
    """Whether a horizon is only a bound, and the bound the data support.

    A horizon is a bound when its estimate lies beyond the tasks it was fitted on, or its
    whole CI does. The bound stated is the CI's end on the supported side, kept within the
    tasks: an estimate of 1,000 min with CI [400, 5e4] over tasks up to 960 min supports
    "> 400", not "> 960"; without a CI (or with the CI beyond the tasks too) it is the task
    range's end.

    Args:
        minutes: The point estimate, in minutes (NaN gives ``None``).
        ci: The CI ends in minutes; NaN without bootstrap draws.
        shortest: Shortest task, in minutes.
        longest: Longest task, in minutes.

    Returns:
        The bound and its value in minutes, or ``None`` when the horizon is a number.
    """
    low, high = ci
    if minutes > longest or low > longest:
        value = low if shortest <= low <= longest else longest
        return Bound.ABOVE_SUITE_RANGE, value
    if minutes < shortest or high < shortest:
        value = high if shortest <= high <= longest else shortest
        return Bound.BELOW_SUITE_RANGE, value
    return None


def count_tasks_near(task_minutes: NDArray[np.float64], horizon: float) -> int:
    """Tasks within :data:`NEAR_HORIZON_FACTOR` of ``horizon`` (inclusive).

    Args:
        task_minutes: Human minutes of each distinct task, shape (n_tasks,).
        horizon: Horizon in minutes; 0, infinite or NaN gives 0.

    Returns:
        The count.
    """
    if not math.isfinite(horizon) or horizon <= 0:
        return 0
    lo, hi = horizon / NEAR_HORIZON_FACTOR, horizon * NEAR_HORIZON_FACTOR
    return int(np.count_nonzero((task_minutes >= lo) & (task_minutes <= hi)))


SELECTIVE_INFRA_P_VALUE = 0.01
"""One-sided p-value below which an alias's higher infra-error rate is flagged."""
SELECTIVE_INFRA_MIN_GAP = 0.05
"""...and only when the rates differ by at least this much (5 points): tiny gaps on huge runs
are not worth a warning."""


@dataclass(frozen=True)
class InfraRateOutlier:
    """An alias whose share of infra errors exceeds the other aliases' pooled share."""

    alias: str
    rate: float
    others_rate: float
    p_value: float


def infra_rate_outliers(counts: dict[str, tuple[int, int]]) -> list[InfraRateOutlier]:
    """Aliases whose infra-error rate is higher than the rest's (selective exclusion).

    An infra error drops a run from the fit. If one model's runs error more often than the
    others', its fit may rest on a biased subset (e.g. an agent that breaks its sandbox on the
    tasks it would fail). One-sided two-proportion z-test of each alias against all others
    pooled (a lower rate than the others' excludes nothing extra).

    Args:
        counts: Alias -> (infra-error runs, all runs).

    Returns:
        The outliers, by alias.
    """
    outliers = []
    for alias, (errors, total) in sorted(counts.items()):
        other_errors = sum(e for a, (e, _) in counts.items() if a != alias)
        other_total = sum(t for a, (_, t) in counts.items() if a != alias)
        if total == 0 or other_total == 0:
            continue
        rate, others = errors / total, other_errors / other_total
        pooled = (errors + other_errors) / (total + other_total)
        spread = math.sqrt(pooled * (1 - pooled) * (1 / total + 1 / other_total))
        if spread == 0 or rate - others < SELECTIVE_INFRA_MIN_GAP:
            continue
        p_value = 0.5 * math.erfc((rate - others) / spread / math.sqrt(2))
        if p_value < SELECTIVE_INFRA_P_VALUE:
            outliers.append(InfraRateOutlier(alias, rate, others, p_value))
    return outliers


def success_by_bucket(
    minutes: NDArray[np.float64], scores: NDArray[np.float64], tasks: NDArray[Any]
) -> tuple[BucketRate, ...]:
    """Observed success per bucket of human time (``harness.suite``'s buckets).

    Args:
        minutes: Human minutes of each run, shape (n_runs,).
        scores: Score used in the fit (0/1, or 0..1 with partial scores), shape (n_runs,).
        tasks: Task of each run (an id or an index), shape (n_runs,).

    Returns:
        One entry per non-empty bucket, shortest first.
    """
    distinct, run_index = np.unique(minutes, return_inverse=True)
    # One call of the suite's bucket function per distinct length, not per run.
    low_of_length = np.array([bucket_edges(float(m))[0] for m in distinct])
    low = low_of_length[run_index.ravel()]
    rates = []
    for start in np.unique(low).tolist():
        in_bucket = low == start
        first = float(minutes[in_bucket][0])
        rates.append(
            BucketRate(
                label=bucket_label(first),
                min_minutes=float(start),
                max_minutes=bucket_edges(first)[1],
                n_runs=int(in_bucket.sum()),
                n_tasks=int(np.unique(tasks[in_bucket]).size),
                success_rate=float(scores[in_bucket].mean()),
            )
        )
    return tuple(rates)
