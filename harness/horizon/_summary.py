"""What the CIs and comparisons need from the bootstrap draws, gathered chunk by chunk.

Stage ``horizon``: pure numpy. The draws themselves are dropped as they arrive
(:class:`~._quantiles.TailQuantiles` keeps only the tails the CIs read), so a report's memory
does not grow with ``--bootstrap``.
"""

import numpy as np
from numpy.typing import NDArray

from ._quantiles import TailQuantiles
from ._results import PairedComparison


class DrawSummary:
    """Per model and percent: CI tails and the draws left out; per pair: P(A > B), ratio CI."""

    def __init__(
        self,
        n_models: int,
        n_percents: int,
        n_draws: int,
        low_q: float,
        pairs: list[tuple[int, int]],
        p50_index: int,
    ) -> None:
        """Start empty; :meth:`update` takes the draws in.

        Args:
            n_models: Models estimated.
            n_percents: Percents estimated per model.
            n_draws: Bootstrap draws that will arrive.
            low_q: The CIs' lower quantile.
            pairs: ``(a, b)`` model indices compared at the p50 (models on the same tasks,
                whose draws are paired).
            p50_index: Position of the p50 among the percents.
        """
        self.n_percents = n_percents
        self.horizons = TailQuantiles(n_models * n_percents, n_draws, low_q)
        self.n_single_class = np.zeros(n_models, dtype=np.int64)
        self.n_not_converged = np.zeros(n_models, dtype=np.int64)
        self.pairs = pairs
        self.p50_index = p50_index
        self.log_ratios = TailQuantiles(len(pairs), n_draws, low_q)
        self.a_longer = np.zeros(len(pairs))

    def update(
        self,
        horizons: NDArray[np.float64],
        has_both: NDArray[np.bool_],
        not_converged: NDArray[np.bool_],
    ) -> None:
        """Take in a chunk of draws.

        Args:
            horizons: Usable horizons, (n_draws, n_models, n_percents); NaN where left out.
            has_both: (n_draws, n_models): the draw held both classes.
            not_converged: (n_draws, n_models): fitted, but did not converge.
        """
        self.horizons.update(horizons.reshape(horizons.shape[0], -1))
        self.n_single_class += np.sum(~has_both, axis=0)
        self.n_not_converged += np.sum(not_converged, axis=0)
        if not self.pairs:
            return
        p50 = horizons[:, :, self.p50_index]
        a, b = (np.array(side, dtype=np.intp) for side in zip(*self.pairs, strict=True))
        with np.errstate(divide="ignore", invalid="ignore"):
            log_ratio = np.log(p50[:, a]) - np.log(p50[:, b])  # inf - inf: NaN, left out
        both = ~np.isnan(p50[:, a]) & ~np.isnan(p50[:, b])
        self.log_ratios.update(np.where(both, log_ratio, np.nan))
        # Ties (both unbounded, both 0) count half: neither model is longer.
        self.a_longer += np.sum(both & (p50[:, a] > p50[:, b]), axis=0)
        self.a_longer += 0.5 * np.sum(both & (p50[:, a] == p50[:, b]), axis=0)

    def interval(self, model: int, percent_index: int) -> tuple[float, float]:
        """The CI of one model's horizon at one percent; NaN without usable draws."""
        return self.horizons.interval(model * self.n_percents + percent_index)

    def comparisons(
        self, aliases: tuple[str, ...], p50: NDArray[np.float64]
    ) -> tuple[PairedComparison, ...]:
        """Every compared pair: P(A's p50 > B's) over their paired draws, and the ratio's CI.

        Args:
            aliases: Model labels, shape (n_models,).
            p50: Point-estimate p50s, shape (n_models,).
        """
        result = []
        for k, (a, b) in enumerate(self.pairs):
            n = int(self.log_ratios.counts[k])
            low, high = self.log_ratios.interval(k)
            with np.errstate(divide="ignore", invalid="ignore"):
                ratio = float(np.divide(p50[a], p50[b]))
            result.append(
                PairedComparison(
                    alias_a=aliases[a],
                    alias_b=aliases[b],
                    p_a_longer=float(self.a_longer[k] / n) if n else float("nan"),
                    ratio=ratio,
                    ratio_ci=(float(np.exp(low)), float(np.exp(high))),
                    n_draws=n,
                )
            )
        return tuple(result)
