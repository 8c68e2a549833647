"""Compare stage: two leaderboards -> did the candidate regress (``horizon compare``)?

The rule is deliberately conservative, so a CI gate does not fail on noise: the candidate has
regressed on an alias when its whole p50 confidence interval lies below the baseline's p50
estimate, lowered by ``max_drop`` (the share of the horizon you are willing to lose). A horizon
reported only as a bound (beyond the suite's range) counts as that bound:

* above the suite (``> N``, N the CI's lower end or the longest task): estimate at N, no
  upper limit. As a baseline, the candidate must stay near N; as a candidate, it regresses
  only when even N is below the baseline's estimate.
* below the suite (``< N``): at most N. As a baseline, nothing can regress (its estimate
  counts as 0); as a candidate, it regresses when even N is below the baseline's estimate.

Reads the two documents through ``harness.report``'s :class:`Leaderboard` model and nothing
else: no numpy, pandas or Inspect, so ``horizon compare`` starts fast.
"""

import math
from dataclasses import dataclass

from harness.errors import InputError
from harness.report import Leaderboard, ModelEntry

HEADLINE_PERCENT = 50
"""Compare at the p50, the headline horizon (``harness.horizon.HEADLINE_PERCENT``)."""


@dataclass(frozen=True)
class Interval:
    """A p50 estimate with its CI, in minutes."""

    estimate: float
    low: float
    high: float


@dataclass(frozen=True)
class Comparison:
    """One alias compared."""

    baseline_alias: str
    candidate_alias: str
    baseline: Interval
    candidate: Interval
    regressed: bool


def p50_interval(model: ModelEntry) -> Interval:
    """The model's p50 as an interval, bounds turned into intervals (see module docstring).

    Without bootstrap draws (no CI) the interval is the estimate alone.

    Raises:
        InputError: The p50 is missing, or not a number and not a bound.
    """
    try:
        h = model.horizon(HEADLINE_PERCENT)
    except KeyError as err:
        raise InputError(f"{model.alias}: the leaderboard has no p50 ({err}).") from err
    if h.bound == "above_suite_range":
        value = h.bound_minutes if h.bound_minutes is not None else model.longest_task_minutes
        return Interval(value, value, math.inf)
    if h.bound == "below_suite_range":
        value = h.bound_minutes if h.bound_minutes is not None else model.shortest_task_minutes
        return Interval(0.0, 0.0, value)
    if h.minutes is None:
        raise InputError(
            f"{model.alias}: p50_minutes is null without a bound; the leaderboard is damaged. "
            "Write it again with `horizon report`."
        )
    if not h.has_ci:
        return Interval(h.minutes, h.minutes, h.minutes)
    return Interval(h.minutes, h.ci_low, h.ci_high)


def regressed(baseline: Interval, candidate: Interval, max_drop: float) -> bool:
    """The rule: the candidate's whole CI lies below ``baseline.estimate * (1 - max_drop)``."""
    return candidate.high < baseline.estimate * (1.0 - max_drop)


def compare_leaderboards(
    baseline: Leaderboard, candidate: Leaderboard, *, max_drop: float = 0.0
) -> list[Comparison]:
    """Compare aliases present in both; if none are, and each holds one model, those two.

    Args:
        baseline: The reference leaderboard.
        candidate: The leaderboard to judge.
        max_drop: Share of the baseline's p50 the candidate may lose, in [0, 1].

    Returns:
        One comparison per alias pair, in the baseline's order.

    Raises:
        InputError: Nothing to compare, or ``max_drop`` outside [0, 1].
    """
    if not 0.0 <= max_drop <= 1.0:
        raise InputError(f"max_drop: must be in [0, 1] (got {max_drop}).")
    base = {m.alias: m for m in baseline.models}
    cand = {m.alias: m for m in candidate.models}
    pairs = [(a, a) for a in base if a in cand]
    if not pairs and len(base) == 1 and len(cand) == 1:
        pairs = [(next(iter(base)), next(iter(cand)))]
    if not pairs:
        raise InputError(
            f"no alias in both leaderboards (baseline: {', '.join(base) or 'none'}; candidate: "
            f"{', '.join(cand) or 'none'}). Compare reports of the same agents, or one each."
        )
    results = []
    for base_alias, cand_alias in pairs:
        b, c = p50_interval(base[base_alias]), p50_interval(cand[cand_alias])
        results.append(Comparison(base_alias, cand_alias, b, c, regressed(b, c, max_drop)))
    return results
