"""How horizons are estimated: one frozen parameter object, validated once.

Stage ``horizon``: plain Python, no I/O. Mirrors scikit-learn's estimator parameters
(``C`` as ``1 / regularization``, ``max_iter``) plus METR's bootstrap and weighting choices.
"""

import datetime as dt
import math
from dataclasses import dataclass

from ._logistic import NEWTON_MAX_ITER
from ._weights import Weighting

DEFAULT_REGULARIZATION = 1e-5
"""METR's current slope penalty (1/C), used from Mar 2026; it was 0.1 until Feb 2026
(``../shared/metr/th11_subset_expected.csv``)."""

HEADLINE_PERCENT = 50
"""The p50 is always computed: it is the headline, the trend's input and the diagnostics' anchor."""


MAX_BOOTSTRAP_DRAWS = 100_000
"""Most bootstrap draws a report takes; beyond it the CI ends move by less than they print."""


def min_bootstrap_draws(confidence: float) -> int:
    """Fewest draws that put at least one draw in each tail of a ``confidence`` CI."""
    return math.ceil(2 / (1 - confidence) - 1e-9)


@dataclass(frozen=True)
class HorizonParams:
    """How horizons are estimated."""

    regularization: float = DEFAULT_REGULARIZATION
    """L2 penalty on the slope, scikit-learn's ``1 / C``; > 0."""
    weighting: Weighting = Weighting.INVSQRT
    """Run weighting (``invsqrt`` or ``equal``), normalised per alias."""
    n_bootstrap: int = 1000
    """Hierarchical bootstrap draws (families -> tasks -> runs); 0 disables CIs."""
    confidence: float = 0.95
    """Level of the CIs, in (0, 1)."""
    success_percents: tuple[int, ...] = (50, 80)
    """Success probabilities, in percent, at which horizons are reported (50 always added)."""
    partial_scores: bool = False
    """Fit the continuous ``score`` instead of ``score_binarized``."""
    exclude_aliases: tuple[str, ...] = ()
    """Aliases left out of the fit and the bootstrap (e.g. ``human``)."""
    merge_runs: bool = False
    """Pool an alias's attempts from separate runs (``run_key``) into one estimate. By default
    each run of an alias found in several runs is estimated on its own, so two runs of one
    model are never merged by accident."""
    max_iter: int = NEWTON_MAX_ITER
    """Newton iterations per fit before it counts as not converged; >= 1."""
    label_noise: bool = True
    """Also estimate horizons corrected for noisy human-time labels (SIMEX, CIs that redraw
    the labels; ``_label_noise``), reported beside METR's plain numbers, which stay as
    published. Validated by simulation (``benchmarks/bench_coverage.py``)."""
    trend_since: dt.date | None = None
    """Fit the trend over models released on or after this date only (``None``: all)."""
    trend_until: dt.date | None = None
    """...and on or before this date (``None``: all)."""

    def __post_init__(self) -> None:
        if not (math.isfinite(self.regularization) and self.regularization > 0):
            raise ValueError(
                f"regularization: must be a finite number > 0 (got {self.regularization}); "
                f"METR's is {DEFAULT_REGULARIZATION:g}."
            )
        if not 0 < self.confidence < 1:
            raise ValueError(f"confidence: must be in (0, 1) (got {self.confidence}).")
        fewest = min_bootstrap_draws(self.confidence)
        if self.n_bootstrap != 0 and not fewest <= self.n_bootstrap <= MAX_BOOTSTRAP_DRAWS:
            raise ValueError(
                f"n_bootstrap: must be 0 (no CIs) or from {fewest} to {MAX_BOOTSTRAP_DRAWS:,} "
                f"(got {self.n_bootstrap}): with fewer draws a {self.confidence:.0%} CI has "
                "a tail with no draw in it (a CI of zero width); METR uses 1000."
            )
        if not self.success_percents or not all(0 < p < 100 for p in self.success_percents):
            raise ValueError(
                f"success_percents: each must be in (0, 100) (got {self.success_percents})."
            )
        if self.max_iter < 1:
            raise ValueError(f"max_iter: must be >= 1 (got {self.max_iter}).")
        if self.trend_since and self.trend_until and self.trend_since > self.trend_until:
            raise ValueError(
                f"trend_since: {self.trend_since} is after trend_until {self.trend_until}; "
                "the window would hold no release."
            )
        object.__setattr__(self, "weighting", Weighting(self.weighting))

    @property
    def percents(self) -> tuple[int, ...]:
        """The reported percents: ``success_percents`` plus 50, sorted, unique."""
        return tuple(sorted({HEADLINE_PERCENT, *self.success_percents}))
