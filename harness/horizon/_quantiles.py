"""Exact CI quantiles of bootstrap draws that arrive in chunks, keeping only the tails.

Stage ``horizon``: pure numpy. A ``confidence`` CI from ``n`` draws needs only the draws
ranked near its two ends: with linear interpolation (numpy's default, METR's ``nanquantile``)
the ``q`` quantile reads ranks ``floor(q (n - 1))`` and the one after it. So each column keeps
its ``floor(q (n_max - 1)) + 2`` smallest and largest values and the rest is dropped as the
chunks arrive: the quantiles are exactly ``np.nanquantile``'s, and memory is a few percent of
the draws however many are asked for (issue 13: peak memory flat from 1k to 100k draws).
"""

import math

import numpy as np
from numpy.typing import NDArray

_CAP = float(np.finfo(np.float64).max)
"""Infinite draws (a flat curve) are held at +-this, so interpolating between two of them
gives the cap, not inf - inf = NaN; ends at the cap are read back as infinite."""


class TailQuantiles:
    """Streaming ``(q, 1 - q)`` quantiles of each column of a stream of draws; NaN skipped."""

    def __init__(self, n_columns: int, max_draws: int, low_q: float) -> None:
        """Track ``n_columns`` quantities.

        Args:
            n_columns: Columns (quantities) tracked.
            max_draws: Most draws that will arrive per column.
            low_q: The lower quantile, e.g. 0.025; the upper is ``1 - low_q``.
        """
        self.low_q = low_q
        self.keep = math.floor(low_q * max(max_draws - 1, 0)) + 2
        self.counts = np.zeros(n_columns, dtype=np.int64)
        """Non-NaN draws seen per column."""
        self._held = [np.empty(0) for _ in range(n_columns)]

    def update(self, draws: NDArray[np.float64]) -> None:
        """Take in a chunk of draws, shape (n_draws, n_columns); NaN entries are skipped."""
        for column in range(draws.shape[1]):
            values = draws[:, column]
            values = np.clip(values[~np.isnan(values)], -_CAP, _CAP)
            self.counts[column] += values.size
            held = np.concatenate([self._held[column], values])
            if held.size > 2 * self.keep:
                held = np.partition(held, (self.keep - 1, held.size - self.keep))
                held = np.concatenate([held[: self.keep], held[-self.keep :]])
            self._held[column] = held

    def interval(self, column: int) -> tuple[float, float]:
        """The column's ``(q, 1 - q)`` quantiles; ``(NaN, NaN)`` when it had no draw."""
        n = int(self.counts[column])
        if n == 0:
            return math.nan, math.nan
        held = np.sort(self._held[column])
        if n == held.size:
            low, high = np.quantile(held, [self.low_q, 1.0 - self.low_q])
            return _uncap(float(low)), _uncap(float(high))
        # The kept smallest values are ranks 0.., the kept largest ranks n - keep ..
        bottom, top = held[: self.keep], held[self.keep :]
        low = _at_rank(bottom, self.low_q * (n - 1), first_rank=0)
        high = _at_rank(top, (1.0 - self.low_q) * (n - 1), first_rank=n - self.keep)
        return _uncap(low), _uncap(high)


def _at_rank(ordered: NDArray[np.float64], position: float, first_rank: int) -> float:
    """Linear interpolation at a fractional rank (numpy's default quantile rule).

    Args:
        ordered: Ascending values holding ranks ``first_rank`` onwards of the whole column.
        position: The fractional rank in the whole column.
        first_rank: The whole column's rank of ``ordered[0]``.
    """
    i = math.floor(position)
    frac = position - i
    below = float(ordered[i - first_rank])
    if frac == 0.0:
        return below
    return below + frac * (float(ordered[i + 1 - first_rank]) - below)


def _uncap(value: float) -> float:
    """A quantile held at the cap is an infinite one."""
    if value >= _CAP:
        return math.inf
    if value <= -_CAP:
        return -math.inf
    return value
