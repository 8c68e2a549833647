"""Human-time uncertainty: horizons corrected for noisy human-minute labels (SIMEX), with CIs.

Stage ``horizon``: pure numpy/pandas; randomness only from the ``np.random.Generator`` passed
in. Sits beside the plain METR estimate (:func:`~harness.horizon.fit_horizons`), which it does
not change.

The model. A task's label is ``log(minutes) = log(true minutes) + u`` with ``u ~ N(0, sigma^2)``,
``sigma`` set by how the label was obtained (:data:`LABEL_SIGMAS`). Regressing success on noisy
``x`` flattens the fitted slope (errors in variables), which pushes horizons away from the
middle of the suite. SIMEX (Cook & Stefanski 1994) measures that push by adding *more* noise,
``lambda * sigma^2`` for a grid of ``lambda``, refitting, and extrapolating the coefficients
back to ``lambda = -1`` (no noise) with a quadratic in ``lambda``.

Per draw of the hierarchical bootstrap the whole SIMEX is redone, so the CI covers both the
task sample and the correction. Every (draw, lambda, replicate) fit goes into one batched
:func:`fit_logistic` call. Two choices keep it cheap and stable:

* Antithetic, common noise: a draw's label noise is ``+-sqrt(lambda) * sigma * z`` with one
  ``z`` per task shared by every ``lambda``. The odd terms in ``sqrt(lambda)`` cancel in the
  pair, so each draw's lambda-curve is smooth and one pair (2 fits) per lambda suffices.
* Each model is drawn from its own generator (seeded by the caller's ``rng`` and the model's
  label), over its own families and tasks: a model's draws do not depend on which other
  models are in the data.

The bootstrap resamples families only by default (:attr:`LabelNoiseParams.resample`): a
picked family brings its tasks and their runs as observed, so the spread of family results
already carries the tasks' and runs' noise. Resampling tasks within picked families, and runs
within picked tasks (METR), counts that noise again: simulated, the bootstrap's spread of log
p50 is 1.3-1.7x the estimator's actual spread with METR's three levels, ~1.4x with families
then tasks, ~1x with families only (``benchmarks/bench_coverage.py``, docs/statistics.md). A
few-families t correction widens each CI (:func:`few_families_factor`).
"""

import math
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from ._bootstrap import GroupSampler
from ._design import Design
from ._logistic import fit_logistic, horizon_minutes
from ._params import HorizonParams
from ._quantiles import TailQuantiles

LABEL_SIGMAS: Mapping[str, float] = MappingProxyType(
    {
        "baseline": 0.65,
        "estimate": 1.1,
        "qa": 0.9,
        "external_qa": 0.9,
    }
)
"""Standard deviation of log(label / true minutes), natural log, per ``human_source``.

* ``baseline`` 0.65: one skilled baseliner's time varies about the typical time with sigma
  ~0.9 (METR's spread between baseliners on its tasks, "within ~3x"); a label is the geometric
  mean of the successful baselines, typically about 2, so 0.9 / sqrt(2).
* ``estimate`` 1.1: METR finds researchers' estimates "within ~4x" of baselined times where
  baselines are "within ~3x" of each other, so 0.9 * log(4) / log(3) ~ 1.1.
* ``qa``, ``external_qa`` 0.9: one person's time while checking the task (not a fresh
  baseline), i.e. one draw of the individual spread.

Source: METR, "Impact of modelling assumptions on time horizon results" (2026-03-20),
https://metr.org/notes/2026-03-20-impact-of-modelling-assumptions-on-time-horizon-results/ .
"""

DEFAULT_LABEL_SIGMA = 1.1
"""Sigma for a label without a known source: treated as an estimate (our own suite's labels)."""

SIMEX_LAMBDAS = (1.0, 2.0)
"""Extra-noise multiples refitted besides ``lambda = 0``: with the quadratic, an exact
interpolation of 3 points. Cook & Stefanski's usual grid (0.5, 1, 1.5, 2) averages Monte Carlo
noise over more fits; with antithetic common noise each draw's curve is already smooth, and
the smaller grid is 5 fits a draw instead of 9."""

RESAMPLE_LEVELS = ("families", "tasks", "runs")
"""How deep the bootstrap resamples, top level first."""

SEED_BITS = 63
"""Bits of the base seed drawn from the caller's generator, shared by every model's stream."""

DRAW_BUDGET = 1 << 21
"""(fit, cell) entries per batched solve (16 MiB per array; the solver holds a few dozen)."""


@dataclass(frozen=True)
class LabelNoiseParams:
    """How the human-time uncertainty is modelled and corrected."""

    sigma_by_source: Mapping[str, float] = field(default_factory=lambda: LABEL_SIGMAS)
    """Sigma (natural log) of a label per ``human_source``."""
    default_sigma: float = DEFAULT_LABEL_SIGMA
    """Sigma of a label whose source is missing or not in ``sigma_by_source``."""
    lambdas: tuple[float, ...] = SIMEX_LAMBDAS
    """SIMEX grid besides 0; empty for no correction (the plain fit, bootstrapped per model)."""
    n_pairs: int = 1
    """Antithetic noise pairs per lambda in each bootstrap draw."""
    n_pairs_point: int = 50
    """Antithetic noise pairs per lambda for the point estimate (one draw: cheap)."""
    few_families_widening: bool = True
    """Widen each CI, in log minutes about the point, by :func:`few_families_factor` of the
    model's number of families."""
    resample: str = "families"
    """Lowest level the bootstrap resamples: ``families``, ``tasks`` (families, then tasks in
    them) or ``runs`` (METR's three levels)."""

    def __post_init__(self) -> None:
        sigmas = [*self.sigma_by_source.values(), self.default_sigma]
        if not all(np.isfinite(s) and s >= 0 for s in sigmas):
            raise ValueError(f"sigmas: must be finite and >= 0 (got {sigmas}).")
        if any(lam <= 0 for lam in self.lambdas) or len(set(self.lambdas)) != len(self.lambdas):
            raise ValueError(f"lambdas: must be distinct and > 0 (got {self.lambdas}).")
        if 0 < len(self.lambdas) < 2:
            raise ValueError("lambdas: a quadratic extrapolant needs at least 2 (besides 0).")
        if self.resample not in RESAMPLE_LEVELS:
            raise ValueError(f"resample: one of {RESAMPLE_LEVELS} (got {self.resample!r}).")
        if self.n_pairs < 1 or self.n_pairs_point < 1:
            raise ValueError("n_pairs, n_pairs_point: must be >= 1.")


@dataclass(frozen=True)
class CorrectedHorizons:
    """Horizons corrected for label noise, per model and percent."""

    aliases: tuple[str, ...]
    """Model labels, as ``Design.aliases``; shape (n_models,)."""
    percents: tuple[int, ...]
    """Success percents, as ``HorizonParams.percents``; shape (n_percents,)."""
    minutes: NDArray[np.float64]
    """Corrected point horizons, (n_models, n_percents); NaN for a single-class model."""
    ci_low: NDArray[np.float64]
    """Lower CI ends, (n_models, n_percents); NaN without draws."""
    ci_high: NDArray[np.float64]
    """Upper CI ends, (n_models, n_percents); NaN without draws."""
    coef: NDArray[np.float64]
    """Corrected slope per log2 minute, (n_models,)."""
    intercept: NDArray[np.float64]
    """Corrected intercept, (n_models,)."""
    draws: NDArray[np.float64]
    """Corrected horizons of each bootstrap draw, (n_draws, n_models, n_percents), when asked
    for (``keep_draws``), else (0, n_models, n_percents); NaN for a draw not fitted."""

    def horizon(self, alias: str, percent: int) -> tuple[float, float, float]:
        """(minutes, CI low, CI high) of ``alias`` at ``percent``."""
        i, j = self.aliases.index(alias), self.percents.index(percent)
        return float(self.minutes[i, j]), float(self.ci_low[i, j]), float(self.ci_high[i, j])


def label_sigmas(design: Design, noise: LabelNoiseParams) -> NDArray[np.float64]:
    """Sigma (natural log) of each cell's label, from the runs' ``human_source``.

    Args:
        design: The design; ``design.runs`` may lack ``human_source`` (all default).
        noise: The sigmas per source.

    Returns:
        Shape (n_cells,).
    """
    if "human_source" not in design.runs.columns:
        return np.full(len(design.cell_x), noise.default_sigma, dtype=np.float64)
    source = design.runs["human_source"].to_numpy()[design.cell_starts]
    mapped = pd.Series(source).map(dict(noise.sigma_by_source))
    result: NDArray[np.float64] = np.asarray(mapped.fillna(noise.default_sigma), dtype=np.float64)
    return result


def extrapolation_weights(lambdas: tuple[float, ...]) -> NDArray[np.float64]:
    """Weights ``w`` so that ``values @ w`` is the quadratic fit at ``lambda = -1``.

    Args:
        lambdas: The grid besides 0.

    Returns:
        Shape (1 + len(lambdas),), for values at ``(0, *lambdas)``. Least squares when the
        grid has more than 3 points; they sum to 1 (a constant extrapolates to itself).
    """
    grid = np.array([0.0, *lambdas])
    vander = np.vander(grid, 3, increasing=True)
    weights: NDArray[np.float64] = np.array([1.0, -1.0, 1.0]) @ np.linalg.pinv(vander)
    return weights


def simex_fit(
    x: NDArray[np.float64],
    sigma: NDArray[np.float64],
    success: NDArray[np.float64],
    failure: NDArray[np.float64],
    model_starts: NDArray[np.intp],
    z: NDArray[np.float64],
    lambdas: tuple[float, ...],
    regularization: float,
    max_iter: int,
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """SIMEX-corrected logistic coefficients of each draw, all fits in one batched solve.

    For each draw, the labels are refitted at ``x +- sqrt(lambda) * sigma * z`` for every
    lambda and noise pair; slope and centred intercept are averaged per lambda and
    extrapolated to ``lambda = -1`` by :func:`extrapolation_weights`.

    Args:
        x: log2(minutes) of each cell as labelled, (n_cells,).
        sigma: Label sigma of each cell in natural log, (n_cells,).
        success: Success weight per draw and cell, (n_draws, n_cells).
        failure: Failure weight per draw and cell, (n_draws, n_cells).
        model_starts: First cell of each model, (n_models,).
        z: Standard normal noise per draw, pair and cell, (n_draws, n_pairs, n_cells); a
            task in a cell of several models may use different ``z`` per model.
        lambdas: SIMEX grid besides 0; empty returns the plain fit.
        regularization: L2 penalty on the slope.
        max_iter: Newton iterations per fit.

    Returns:
        Slopes and intercepts (of log2 minutes), each (n_draws, n_models); NaN where a fit
        of the draw had a single class or did not converge.
    """
    n_draws, n_cells = success.shape
    n_pairs = z.shape[1]
    # Replicates: lambda 0 once, then per lambda the pairs as (+z, -z).
    scale = np.sqrt(np.asarray(lambdas, dtype=float))
    signed = np.concatenate([z, -z], axis=1)  # (n_draws, 2 * n_pairs, n_cells)
    shift = (scale[None, :, None, None] * signed[:, None]) * (sigma / np.log(2.0))
    shifted = x + shift.reshape(n_draws, len(lambdas) * 2 * n_pairs, n_cells)
    xs = np.concatenate([np.broadcast_to(x, (n_draws, 1, n_cells)), shifted], axis=1)
    n_reps = xs.shape[1]
    fits = fit_logistic(
        xs.reshape(n_draws * n_reps, n_cells),
        np.repeat(success, n_reps, axis=0),
        np.repeat(failure, n_reps, axis=0),
        model_starts,
        regularization,
        max_iter=max_iter,
    )
    usable = fits.has_both_classes & fits.converged
    coef = np.where(usable, fits.coef, np.nan).reshape(n_draws, n_reps, -1)
    intercept = np.where(usable, fits.intercept, np.nan).reshape(n_draws, n_reps, -1)
    if not lambdas:
        return coef[:, 0], intercept[:, 0]
    # Centre the intercept at each model's mean label: the curve's level there barely moves
    # with the noise, so the extrapolation of the slope does the work.
    centre = np.add.reduceat(x, model_starts) / np.diff(np.append(model_starts, n_cells))
    level = intercept + coef * centre

    def per_lambda(values: NDArray[np.float64]) -> NDArray[np.float64]:
        """(n_draws, n_reps, n_models) -> (n_draws, 1 + n_lambdas, n_models) means."""
        noisy = values[:, 1:].reshape(n_draws, len(lambdas), 2 * n_pairs, -1).mean(axis=2)
        return np.concatenate([values[:, :1], noisy], axis=1)

    weights = extrapolation_weights(lambdas)
    slope = np.einsum("dlm,l->dm", per_lambda(coef), weights)
    level_0 = np.einsum("dlm,l->dm", per_lambda(level), weights)
    return slope, level_0 - slope * centre


def _model_rng(base: int, alias: str, purpose: int) -> np.random.Generator:
    """One random stream of one model, named by the base seed, its label and ``purpose``.

    Purposes: 0 the draws' runs, 1 their label noise, 2 the point estimate's noise. Separate
    streams make the draws independent of how they are split into chunks.
    """
    return np.random.default_rng([base, zlib.crc32(alias.encode()), purpose])


class _ModelDraws:
    """One model's bootstrap draws, continued chunk by chunk: run counts and label noise."""

    def __init__(self, model: Design, resample: str, runs: np.random.Generator) -> None:
        """Draw for ``model``, the design of one model alone (``Design.subset``)."""
        self.model = model
        self.resample = resample
        # One stream per level, so the chunking never changes the draws.
        levels = runs.spawn(3)
        cell_runs = model.cell_runs
        below = cell_runs if resample == "runs" else np.ones_like(cell_runs)
        cells = (slice(0, len(cell_runs)),)
        self.sampler = GroupSampler(
            model.task_family, model.cell_task, below, cells, levels[0], levels[1], (levels[2],)
        )

    def counts(self, n_draws: int) -> NDArray[np.int64]:
        """Run counts of the next draws, (n_draws, n_runs of the model).

        Resamples the hierarchy down to ``resample``: ``families`` (a picked family brings all
        its tasks and runs), ``tasks`` (then tasks within picked families; a picked task
        brings all its runs) or ``runs`` (METR's three levels).
        """
        if self.resample == "runs":
            return self.sampler.draw(n_draws)
        model = self.model
        if self.resample == "tasks":
            tasks = self.sampler.draw(n_draws)
        else:
            families = self.sampler.draw_families(n_draws, _n_families(model))
            tasks = families[:, model.task_family][:, model.cell_task]
        counts: NDArray[np.int64] = np.repeat(tasks, model.cell_runs, axis=1)
        return counts


def _n_families(model: Design) -> int:
    return int(model.task_family.max()) + 1


def _t_quantile(z: float, df: int) -> float:
    """Student's t quantile from the normal quantile ``z``: Cornish-Fisher to 1/df^3.

    Abramowitz & Stegun 26.7.5; within 0.3% of the exact quantile for df >= 4 at the usual
    levels (t(13) at 97.5%: 2.1603 vs 2.1604), too small below (t(2): 4.17 vs 4.30).
    """
    z2 = z * z
    return float(
        z
        + z * (z2 + 1) / (4 * df)
        + z * (5 * z2**2 + 16 * z2 + 3) / (96 * df**2)
        + z * (3 * z2**3 + 19 * z2**2 + 17 * z2 - 15) / (384 * df**3)
    )


def few_families_factor(n_families: int, confidence: float) -> float:
    """How much to widen a CI from ``n_families`` resampled families.

    A bootstrap over F clusters sees their spread through F of them only: its variance is
    (F - 1) / F of the estimator's, and its percentile CI behaves like a normal interval where
    a t interval with F - 1 degrees of freedom is due. The usual few-clusters correction
    (Cameron, Gelbach & Miller 2008; Stata's clustered errors) undoes both:
    ``sqrt(F / (F - 1)) * t(F - 1) / z``. The core suite's 14 families: 1.14; 100: 1.02.
    Fewer than 2 families: 1.
    """
    if n_families < 2:
        return 1.0
    z = float(np.sqrt(2.0) * _erfinv(confidence))
    df = n_families - 1
    return math.sqrt(n_families / df) * _t_quantile(z, df) / z


def _erfinv(y: float) -> float:
    """Inverse error function by Newton on ``math.erf`` (numpy has none; no scipy here)."""
    x = 0.0
    for _ in range(100):
        step = (math.erf(x) - y) / (2.0 / math.sqrt(math.pi) * math.exp(-x * x))
        x -= step
        if abs(step) < 1e-15:
            break
    return x


def _widen(point: float, low: float, high: float, factor: float) -> tuple[float, float]:
    """``(low, high)`` stretched by ``factor`` about ``point`` in log minutes (0, inf kept)."""
    if not (np.isfinite(point) and point > 0) or factor == 1.0:
        return low, high
    with np.errstate(divide="ignore"):
        log_low, log_high, centre = np.log(low), np.log(high), np.log(point)
    with np.errstate(over="ignore"):  # a stretched end past float range is unbounded
        new_low = float(np.exp(centre - factor * (centre - log_low))) if low > 0 else low
        new_high = (
            float(np.exp(centre + factor * (log_high - centre))) if np.isfinite(high) else high
        )
    return min(new_low, low), max(new_high, high)


def label_noise_horizons(
    design: Design,
    params: HorizonParams,
    rng: np.random.Generator,
    noise: LabelNoiseParams | None = None,
    sigma: NDArray[np.float64] | None = None,
    keep_draws: bool = False,
) -> CorrectedHorizons:
    """Horizons corrected for label noise by SIMEX, with hierarchical-bootstrap CIs.

    Each model: the point estimate is SIMEX on its observed runs; each of
    ``params.n_bootstrap`` draws resamples its families (and below, per ``noise.resample``),
    redraws its labels' noise and redoes the SIMEX; the CI is the
    draws' percentile interval at ``params.confidence``.

    Args:
        design: The design of the fit (``Design.build`` of the scored runs), as the pipeline's.
        params: ``regularization``, ``max_iter``, ``n_bootstrap``, ``confidence``, ``percents``.
        rng: Source of randomness; one base seed is drawn from it, then each model uses its
            own stream, so a model's result does not depend on the other models.
        noise: Sigmas, SIMEX grid and resampling; default :class:`LabelNoiseParams`.
        sigma: Label sigma per cell (natural log), (n_cells,); default from the runs'
            ``human_source`` by :func:`label_sigmas`.
        keep_draws: Keep every draw's horizons in ``draws`` (benchmarks, tests); else only
            the CI tails are kept and memory does not grow with the draws.

    Returns:
        The corrected horizons.
    """
    noise = noise or LabelNoiseParams()
    sigma = label_sigmas(design, noise) if sigma is None else np.asarray(sigma, dtype=float)
    base = int(rng.integers(1 << SEED_BITS))
    n_models, percents = len(design.aliases), params.percents
    models = [design.subset(np.array([index])) for index in range(n_models)]
    draws = [
        _ModelDraws(model, noise.resample, _model_rng(base, alias, 0))
        for alias, model in zip(design.aliases, models, strict=True)
    ]
    noise_rngs = [_model_rng(base, alias, 1) for alias in design.aliases]

    def fit(
        counts: list[NDArray[np.int64]], z: list[NDArray[np.float64]]
    ) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        """SIMEX slopes and intercepts of a batch of draws, each (n_draws, n_models)."""
        sums = [m.cell_weights(c) for m, c in zip(models, counts, strict=True)]
        return simex_fit(
            design.cell_x,
            sigma,
            np.concatenate([success for success, _ in sums], axis=-1),
            np.concatenate([failure for _, failure in sums], axis=-1),
            design.model_starts,
            np.concatenate(z, axis=-1),
            noise.lambdas,
            params.regularization,
            params.max_iter,
        )

    def horizons(coef: NDArray[np.float64], intercept: NDArray[np.float64]) -> NDArray[np.float64]:
        return np.stack([horizon_minutes(coef, intercept, p) for p in percents], axis=-1)

    # The point estimate: the observed runs, many noise pairs.
    observed = [np.ones((1, m.n_runs), dtype=np.int64) for m in models]
    point_z = [
        _model_rng(base, alias, 2).standard_normal((1, noise.n_pairs_point, len(m.cell_x)))
        for alias, m in zip(design.aliases, models, strict=True)
    ]
    coef, intercept = fit(observed, point_z)
    minutes = horizons(coef, intercept)[0]
    # The draws, in memory-bounded chunks reduced to their CI tails as they come.
    low_q = (1.0 - params.confidence) / 2.0
    tails = TailQuantiles(n_models * len(percents), params.n_bootstrap, low_q)
    kept: list[NDArray[np.float64]] = []
    fits_per_draw = 1 + 2 * noise.n_pairs * len(noise.lambdas)
    chunk = max(1, DRAW_BUDGET // (len(design.cell_x) * fits_per_draw))
    for start in range(0, params.n_bootstrap, chunk):
        n = min(chunk, params.n_bootstrap - start)
        z = [
            r.standard_normal((n, noise.n_pairs, len(m.cell_x)))
            for r, m in zip(noise_rngs, models, strict=True)
        ]
        drawn = horizons(*fit([d.counts(n) for d in draws], z))
        tails.update(drawn.reshape(n, -1))
        if keep_draws:
            kept.append(drawn)
    factors = [
        few_families_factor(_n_families(model), params.confidence)
        if noise.few_families_widening
        else 1.0
        for model in models
    ]
    ci = np.array(
        [
            [
                _widen(float(minutes[m, j]), *tails.interval(m * len(percents) + j), factors[m])
                for j in range(len(percents))
            ]
            for m in range(n_models)
        ]
    ).reshape(n_models, len(percents), 2)
    return CorrectedHorizons(
        aliases=design.aliases,
        percents=percents,
        minutes=minutes,
        ci_low=ci[..., 0],
        ci_high=ci[..., 1],
        coef=coef[0],
        intercept=intercept[0],
        draws=np.concatenate([np.empty((0, n_models, len(percents))), *kept]),
    )
