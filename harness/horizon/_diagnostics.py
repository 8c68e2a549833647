"""Diagnostics: what the data can and cannot support.

Suite-range bounds, tasks near the horizon, success per doubling of human time, and
structured warnings. Stage ``horizon``: pure numpy/pandas. None of this is in METR's
pipeline; it is horizon's own honesty layer (DESIGN.md, "The reporter").
"""

import math
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
from numpy.typing import NDArray

NEAR_HORIZON_FACTOR = 4.0
"""A task is "near" a horizon when its human minutes are within this factor of it, i.e. in a
4-doubling window centred on the horizon, where the logistic's midpoint is decided."""

MIN_TASKS_NEAR_HORIZON = 5
"""Fewer tasks than this near the p50 and the midpoint rests on a handful of tasks: the fit
extrapolates from the curve's tails and the bootstrap CI understates that. horizon's choice
(METR's suite has dozens near every published p50)."""


class Bound(StrEnum):
    """Why a horizon is reported as a bound rather than a number."""

    ABOVE_SUITE_RANGE = "above_suite_range"
    """The horizon exceeds the longest task: a lower bound only (``> 960 min``)."""
    BELOW_SUITE_RANGE = "below_suite_range"
    """The horizon is shorter than the shortest task: an upper bound only (``< 2 min``)."""


@dataclass(frozen=True)
class BucketRate:
    """Observed success in one doubling bucket of human time, ``[min_minutes, max_minutes)``."""

    min_minutes: float
    """Bucket start, a power of two, in minutes."""
    max_minutes: float
    """Bucket end (exclusive), twice the start, in minutes."""
    n_runs: int
    """Scored runs in the bucket."""
    n_tasks: int
    """Distinct tasks in the bucket."""
    success_rate: float
    """Unweighted mean score of those runs (the success fraction for binary scores)."""


@dataclass(frozen=True)
class HorizonWarning:
    """Something the report must say about what the data cannot support."""

    code: str
    """Stable machine-readable code, e.g. ``few_tasks_near_horizon``."""
    alias: str | None
    """The model it concerns, or ``None`` for the whole report."""
    message: str
    """One sentence for people: what, the numbers, and what it means."""


def suite_bound(minutes: float, shortest: float, longest: float) -> Bound | None:
    """Whether a horizon lies outside the human minutes of the tasks it was fitted on.

    Args:
        minutes: The horizon, in minutes (NaN gives ``None``).
        shortest: Shortest task, in minutes.
        longest: Longest task, in minutes.

    Returns:
        The bound, or ``None`` when the horizon lies within the task range.
    """
    if minutes > longest:
        return Bound.ABOVE_SUITE_RANGE
    if minutes < shortest:
        return Bound.BELOW_SUITE_RANGE
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


def success_by_doubling(
    minutes: NDArray[np.float64], scores: NDArray[np.float64], task_ids: NDArray[np.object_]
) -> tuple[BucketRate, ...]:
    """Observed success per doubling bucket ``[2**k, 2**(k+1))`` minutes.

    Args:
        minutes: Human minutes of each run, shape (n_runs,).
        scores: Score used in the fit (0/1, or 0..1 with partial scores), shape (n_runs,).
        task_ids: Task of each run, shape (n_runs,).

    Returns:
        One entry per non-empty bucket, shortest first.
    """
    bucket = np.floor(np.log2(minutes)).astype(int)
    rates = []
    for k in np.unique(bucket).tolist():
        in_bucket = bucket == k
        rates.append(
            BucketRate(
                min_minutes=float(2.0**k),
                max_minutes=float(2.0 ** (k + 1)),
                n_runs=int(in_bucket.sum()),
                n_tasks=len(set(task_ids[in_bucket].tolist())),
                success_rate=float(scores[in_bucket].mean()),
            )
        )
    return tuple(rates)
