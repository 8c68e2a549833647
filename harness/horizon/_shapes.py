"""Beyond METR's point estimate: is the logistic the right curve, and does one slope fit all?

Stage ``horizon``: pure numpy, on one model's cells (success and failure weight per task).

- **Curve shape.** METR's horizon assumes success falls as a logistic in log2(human minutes).
  The same data are fitted with a probit and a complementary log-log link (an asymmetric
  curve), each scored by family-grouped cross-validated log loss (up to :data:`CV_FOLDS`
  folds of whole task families, so a family's tasks never both train and test a fit). The
  report gives each shape's p50 and the spread across them: a p50 that moves with the link is
  a p50 the data do not pin.
- **Per-family horizons.** One logistic per model with a shared slope and an intercept per
  task family, shrunk towards the model's overall intercept by a normal prior (standard
  deviation :data:`FAMILY_PRIOR_SD` logits), so a family the model always solved gets a long
  but finite horizon. Families whose horizons differ by orders of magnitude say the single
  p50 averages over quite different kinds of work.

All fits are penalised Fisher scoring (IRLS), two or ``n_families + 2`` parameters; the slope
carries the report's L2 penalty, as in the main fit.
"""

import math
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
from numpy.typing import NDArray

FAMILY_PRIOR_SD = 1.0
"""Prior standard deviation (logits) of a family's intercept around the model's: a family
can be several times easier or harder than the model's average, not unboundedly so."""

CV_FOLDS = 10
"""Cross-validation folds; families are dealt to them in turn (leave-one-family-out when
there are fewer families)."""

MAX_ITER = 100
TOL = 1e-10
_EPS = 1e-12


_ERF = np.vectorize(math.erf, otypes=[float])
"""The error function elementwise (numpy has none; scipy is not a run-time dependency)."""


def _norm_cdf(z: NDArray[np.float64]) -> NDArray[np.float64]:
    result: NDArray[np.float64] = 0.5 * (1.0 + _ERF(z / math.sqrt(2.0)))
    return result


def _norm_pdf(z: NDArray[np.float64]) -> NDArray[np.float64]:
    result: NDArray[np.float64] = np.exp(-0.5 * z * z) / math.sqrt(2.0 * math.pi)
    return result


def _logistic(z: NDArray[np.float64]) -> NDArray[np.float64]:
    result: NDArray[np.float64] = 1.0 / (1.0 + np.exp(-z))
    return result


def _cloglog(z: NDArray[np.float64]) -> NDArray[np.float64]:
    result: NDArray[np.float64] = -np.expm1(-np.exp(np.minimum(z, 700.0)))
    return result


class Link(StrEnum):
    """How P(success) depends on the linear predictor ``b0 + b1 * log2(minutes)``."""

    LOGIT = "logit"
    """METR's logistic."""
    PROBIT = "probit"
    """Normal CDF: lighter tails than the logistic."""
    CLOGLOG = "cloglog"
    """``1 - exp(-exp(z))``: asymmetric, success falls off faster on one side."""

    def mean(self, z: NDArray[np.float64]) -> NDArray[np.float64]:
        """P(success) at linear predictor ``z``."""
        return _MEAN[self](z)

    def slope(self, z: NDArray[np.float64]) -> NDArray[np.float64]:
        """D P / d z at ``z``."""
        if self is Link.LOGIT:
            p = _logistic(z)
            return p * (1.0 - p)
        if self is Link.PROBIT:
            return _norm_pdf(z)
        zc = np.minimum(z, 700.0)
        result: NDArray[np.float64] = np.exp(zc - np.exp(zc))
        return result

    def at(self, p: float) -> float:
        """The linear predictor at which P(success) is ``p``."""
        if self is Link.LOGIT:
            return math.log(p / (1.0 - p))
        if self is Link.PROBIT:
            return _probit(p)
        return math.log(-math.log(1.0 - p))


_MEAN: dict[Link, Callable[[NDArray[np.float64]], NDArray[np.float64]]] = {
    Link.LOGIT: _logistic,
    Link.PROBIT: _norm_cdf,
    Link.CLOGLOG: _cloglog,
}


def _probit(p: float) -> float:
    """The normal quantile by bisection (no scipy at run time; called a handful of times)."""
    low, high = -40.0, 40.0
    for _ in range(200):
        mid = 0.5 * (low + high)
        low, high = (mid, high) if 0.5 * (1.0 + math.erf(mid / math.sqrt(2.0))) < p else (low, mid)
    return 0.5 * (low + high)


def fit_glm(
    design: NDArray[np.float64],
    success: NDArray[np.float64],
    failure: NDArray[np.float64],
    link: Link,
    penalty: NDArray[np.float64],
) -> NDArray[np.float64]:
    """Penalised binomial GLMs by Fisher scoring with step halving, a batch at once.

    Each row minimises ``sum(success * -log p + failure * -log(1 - p)) + 0.5 * sum(penalty *
    b**2)`` with ``p = link.mean(design @ b)``. Rows share the covariates and differ in their
    weights (cross-validation folds are rows whose held-out cells weigh 0).

    Args:
        design: Covariates per cell, shape (n_cells, n_params).
        success: Success weight per row and cell, shape (n_rows, n_cells).
        failure: Failure weight per row and cell, shape (n_rows, n_cells).
        link: The link.
        penalty: L2 penalty per parameter, shape (n_params,); 0 leaves it free.

    Returns:
        The coefficients, shape (n_rows, n_params).
    """
    total = success + failure

    def objective(b: NDArray[np.float64]) -> NDArray[np.float64]:
        p = np.clip(link.mean(b @ design.T), _EPS, 1.0 - _EPS)
        loss = -(success * np.log(p) + failure * np.log1p(-p)).sum(axis=1)
        result: NDArray[np.float64] = loss + 0.5 * (penalty * b * b).sum(axis=1)
        return result

    rate = np.clip(success.sum(axis=1) / total.sum(axis=1), 1e-3, 1.0 - 1e-3)
    b = np.zeros((len(success), design.shape[1]))
    b[:, 0] = [link.at(float(r)) for r in rate]
    current = objective(b)
    for _ in range(MAX_ITER):
        z = b @ design.T
        p = np.clip(link.mean(z), _EPS, 1.0 - _EPS)
        d = np.maximum(link.slope(z), 1e-300)
        variance = p * (1.0 - p)
        score = ((success - total * p) * d / variance) @ design - penalty * b
        info = np.einsum("rn,np,nq->rpq", total * d * d / variance, design, design)
        # A tiny damping keeps the step defined where a fold's data separate (the curve
        # saturates, the information vanishes); it changes the step, not the optimum.
        damped = info + np.diag(penalty + 1e-9)
        step = np.linalg.solve(damped, score[:, :, None])[:, :, 0]
        t = np.ones(len(b))
        trial = objective(b + step)
        for _ in range(30):  # halve where the full step does not lower the objective
            worse = trial > current + 1e-12
            if not worse.any():
                break
            t = np.where(worse, 0.5 * t, t)
            trial = np.where(worse, objective(b + t[:, None] * step), trial)
        b, previous, current = b + t[:, None] * step, current, np.minimum(trial, current)
        # Done when the steps vanish, or the objective stops falling (a fold whose data
        # separate creeps towards an infinite intercept and would never meet a step tolerance).
        small_step = float(np.abs(t[:, None] * step).max()) < TOL
        if small_step or bool(np.all(previous - current <= TOL * (1.0 + np.abs(current)))):
            break
    return b


@dataclass(frozen=True)
class ShapeFit:
    """One link's fit of one model."""

    link: Link
    p50_minutes: float
    """Where the fitted curve crosses 50%."""
    cv_log_loss: float
    """Weighted log loss on held-out families (family-grouped folds); NaN with one family."""


def _p50(b0: float, b1: float, link: Link) -> float:
    with np.errstate(divide="ignore", over="ignore", invalid="ignore"):
        return float(np.exp2((link.at(0.5) - b0) / (b1 if b1 != 0 else -0.0)))


def curve_shapes(
    x: NDArray[np.float64],
    success: NDArray[np.float64],
    failure: NDArray[np.float64],
    family: NDArray[np.intp],
    regularization: float,
) -> tuple[ShapeFit, ...]:
    """Fit each :class:`Link` to one model's cells and cross-validate it by family.

    Args:
        x: log2(human minutes) per cell (task), shape (n_cells,).
        success: Success weight per cell (the main fit's weights), shape (n_cells,).
        failure: Failure weight per cell, shape (n_cells,).
        family: Family index per cell, shape (n_cells,).
        regularization: L2 penalty on the slope.

    Returns:
        One fit per link, in :class:`Link` order.
    """
    design = np.column_stack([np.ones_like(x), x])
    penalty = np.array([0.0, regularization])
    families = np.unique(family)
    # Row 0 fits every cell; with two families or more, row k + 1 leaves fold k out.
    n_folds = min(CV_FOLDS, len(families)) if len(families) > 1 else 0
    dealt = np.arange(len(families)) % max(n_folds, 1)
    fold_of_family = dict(zip(families.tolist(), dealt.tolist(), strict=True))
    fold = np.array([fold_of_family[f] for f in family.tolist()])
    keep = np.vstack([np.ones(len(x), dtype=bool), *(fold != k for k in range(n_folds))])
    fits = []
    for link in Link:
        b = fit_glm(design, success * keep, failure * keep, link, penalty)
        loss = math.nan
        if n_folds:
            p = np.clip(link.mean(b[1:] @ design.T), _EPS, 1.0 - _EPS)
            held = ~keep[1:]
            lost = -(held * (success * np.log(p) + failure * np.log1p(-p))).sum()
            loss = float(lost) / float((success + failure).sum())
        fits.append(ShapeFit(link, _p50(float(b[0, 0]), float(b[0, 1]), link), loss))
    return tuple(fits)


@dataclass(frozen=True)
class FamilyHorizon:
    """One task family's p50 for one model, from the shared-slope fit."""

    family: str
    p50_minutes: float
    n_tasks: int
    success_rate: float
    """Weighted observed success on the family's tasks."""


def family_horizons(
    x: NDArray[np.float64],
    success: NDArray[np.float64],
    failure: NDArray[np.float64],
    family: NDArray[np.intp],
    family_names: list[str],
    regularization: float,
) -> tuple[FamilyHorizon, ...]:
    """Per-family p50s: a logistic with one slope and a shrunk intercept per family.

    Args:
        x: log2(human minutes) per cell (task), shape (n_cells,).
        success: Success weight per cell, shape (n_cells,).
        failure: Failure weight per cell, shape (n_cells,).
        family: Index into ``family_names`` per cell, shape (n_cells,).
        family_names: Names of the families.
        regularization: L2 penalty on the slope.

    Returns:
        One entry per family the model ran, by name.
    """
    present = np.unique(family)
    column = {int(f): k for k, f in enumerate(present)}
    scale = len(x) / float((success + failure).sum())
    success, failure = success * scale, failure * scale
    one_hot = np.zeros((len(x), len(present)))
    one_hot[np.arange(len(x)), [column[int(f)] for f in family]] = 1.0
    design = np.column_stack([np.ones_like(x), one_hot, x])
    penalty = np.r_[0.0, np.full(len(present), 1.0 / FAMILY_PRIOR_SD**2), regularization]
    b = fit_glm(design, success[None, :], failure[None, :], Link.LOGIT, penalty)[0]
    result = []
    for f in present:
        cells = family == f
        total = float((success[cells] + failure[cells]).sum())
        result.append(
            FamilyHorizon(
                family=family_names[int(f)],
                p50_minutes=_p50(float(b[0] + b[1 + column[int(f)]]), float(b[-1]), Link.LOGIT),
                n_tasks=int(cells.sum()),
                success_rate=float(success[cells].sum()) / total if total else math.nan,
            )
        )
    return tuple(sorted(result, key=lambda h: h.family))
