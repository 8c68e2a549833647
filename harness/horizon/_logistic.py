"""Batched weighted logistic regression of success on log2(human minutes).

Stage ``horizon``: pure numpy. One Newton solve fits every bootstrap draw and every model at
once, replacing METR's per-draw scikit-learn loop (``src/horizon/utils/logistic.py``).

The objective per (draw, model) matches scikit-learn's ``LogisticRegression(C=1/regularization)``
with sample weights (lbfgs, L2 on the slope only, intercept unpenalised)::

    sum_i w_i * logloss(y_i, sigmoid(b0 + b1 * x_i)) + 0.5 * regularization * b1**2

(scikit-learn divides the whole objective by sum(w); the minimiser is the same). Data are
given as cells: all runs of a model at one ``x`` pooled into a success weight and a failure
weight, which is exact because the log loss is linear in the weights. A fractional score ``s``
adds ``s * w`` to the success weight and ``(1 - s) * w`` to the failure weight, METR's
"split into a weighted 0 row and 1 row".
"""

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

NEWTON_MAX_ITER = 200
"""Default Newton iterations before giving up; well-posed fits take under 20, near-separable ones
(a tiny regularization and classes split by task length) a few dozen."""

NEWTON_TOL = 1e-20
"""Stop when the Newton decrement g' H^-1 g (about twice the gap to the optimum) falls below
this times the model's total weight; float64 resolves it, and it keeps horizons exact to ~1e-9."""

LINE_SEARCH_MIN_DECREMENT = 1e-10
"""Below this relative decrement the full Newton step is taken: the objective is then too flat
for float64 to confirm a decrease, and Newton is in its quadratic-convergence region."""

MAX_HALVINGS = 60
"""Step halvings per line search; 2**-60 is below float64 resolution of any parameter."""

ARMIJO = 1e-4
"""Sufficient-decrease constant of the backtracking line search (Nocedal & Wright's usual)."""


@dataclass(frozen=True)
class LogisticFits:
    """Fitted curves ``P(success) = sigmoid(intercept + coef * log2(minutes))``."""

    coef: NDArray[np.float64]
    """Slopes, shape (n_draws, n_models); NaN where the model was not fitted."""
    intercept: NDArray[np.float64]
    """Intercepts, shape (n_draws, n_models); NaN where the model was not fitted."""
    has_both_classes: NDArray[np.bool_]
    """Shape (n_draws, n_models): the draw held weight on both success and failure, so it
    was fitted (METR skips single-class draws)."""
    converged: NDArray[np.bool_]
    """Shape (n_draws, n_models): Newton met its tolerance (always True where fitted, barring
    pathological data)."""


def _take_rows(x: NDArray[np.float64], rows: NDArray[np.intp]) -> NDArray[np.float64]:
    """The rows ``rows`` of a per-draw ``x`` (n_draws, n_cells); a shared ``x`` (n_cells,) as is."""
    return x if x.ndim == 1 else x[rows]


@dataclass(frozen=True)
class _Problem:
    """The data of a batch of fits, shapes (n_rows, n_cells) or (n_rows, n_models)."""

    x: NDArray[np.float64]
    """log2 minutes, (n_cells,) shared by all rows or (n_rows, n_cells)."""
    success: NDArray[np.float64]
    total: NDArray[np.float64]
    weight_sum: NDArray[np.float64]
    has_both: NDArray[np.bool_]
    model_of_cell: NDArray[np.intp]
    model_starts: NDArray[np.intp]
    regularization: float

    def _sum(self, per_cell: NDArray[np.float64]) -> NDArray[np.float64]:
        """Sum cells per model: (n_rows, n_cells) -> (n_rows, n_models)."""
        result: NDArray[np.float64] = np.add.reduceat(per_cell, self.model_starts, axis=1)
        return result

    def _z(self, intercept: NDArray[np.float64], coef: NDArray[np.float64]) -> NDArray[np.float64]:
        """Linear predictor per cell, (n_rows, n_cells)."""
        z: NDArray[np.float64] = (
            intercept[:, self.model_of_cell] + coef[:, self.model_of_cell] * self.x
        )
        return z

    def objective(
        self, intercept: NDArray[np.float64], coef: NDArray[np.float64]
    ) -> NDArray[np.float64]:
        """Weighted log loss plus the slope penalty, shape (n_rows, n_models)."""
        z = self._z(intercept, coef)
        # success * softplus(-z) + failure * softplus(z), using softplus(-z) = softplus(z) - z:
        # one softplus per cell instead of two (the line search's main cost).
        loss = self.total * np.logaddexp(0.0, z) - self.success * z
        return self._sum(loss) + 0.5 * self.regularization * coef**2

    def newton_step(
        self, intercept: NDArray[np.float64], coef: NDArray[np.float64]
    ) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
        """Newton step H^-1 g and relative decrement g'H^-1 g / weight, each (n_rows, n_models)."""
        with np.errstate(over="ignore"):  # exp(inf) -> p = 0, as it should
            p = 1.0 / (1.0 + np.exp(-self._z(intercept, coef)))
        residual = self.total * p - self.success
        curvature = self.total * p * (1.0 - p)
        g0 = self._sum(residual)
        g1 = self._sum(residual * self.x) + self.regularization * coef
        h00 = self._sum(curvature)
        h01 = self._sum(curvature * self.x)
        h11 = self._sum(curvature * self.x * self.x) + self.regularization
        det = h00 * h11 - h01 * h01
        with np.errstate(divide="ignore", invalid="ignore"):
            step0 = np.where(self.has_both, (h11 * g0 - h01 * g1) / det, 0.0)
            step1 = np.where(self.has_both, (h00 * g1 - h01 * g0) / det, 0.0)
            decrement = np.where(self.has_both, (g0 * step0 + g1 * step1) / self.weight_sum, 0.0)
        return step0, step1, decrement

    def step_length(
        self,
        intercept: NDArray[np.float64],
        coef: NDArray[np.float64],
        step0: NDArray[np.float64],
        step1: NDArray[np.float64],
        decrement: NDArray[np.float64],
        done: NDArray[np.bool_],
        current: NDArray[np.float64],
    ) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        """Backtracking (Armijo) step lengths, (n_rows, n_models).

        Far from the optimum, near-separable data make a full Newton step overshoot; halving
        until the objective drops enough keeps every fit stable. Near it the full step is taken.

        Args:
            intercept: Current intercepts, (n_rows, n_models).
            coef: Current slopes, (n_rows, n_models).
            step0: Newton step of the intercept, (n_rows, n_models).
            step1: Newton step of the slope, (n_rows, n_models).
            decrement: Relative Newton decrement, (n_rows, n_models).
            done: Fits that have converged (their step is 0), (n_rows, n_models).
            current: The objective at the current parameters where known, NaN elsewhere,
                (n_rows, n_models): the previous line search ended by evaluating it.

        Returns:
            Step lengths, and the objective at the new parameters where this search
            evaluated it (NaN elsewhere), each (n_rows, n_models).
        """
        t = np.ones_like(intercept)
        at_new = np.full_like(intercept, np.nan)
        accept = done | (decrement < LINE_SEARCH_MIN_DECREMENT)
        search = np.flatnonzero(~accept.all(axis=1))
        if search.size == 0:
            return t, at_new
        sub = _Problem(
            _take_rows(self.x, search),
            self.success[search],
            self.total[search],
            self.weight_sum[search],
            self.has_both[search],
            self.model_of_cell,
            self.model_starts,
            self.regularization,
        )
        b0, b1, d0, d1 = intercept[search], coef[search], step0[search], step1[search]
        required = ARMIJO * decrement[search] * sub.weight_sum
        known = current[search]
        if np.isnan(known).any():
            # Bit-identical to what the previous search evaluated: the objective of a row
            # does not depend on which other rows share the batch.
            known = np.where(np.isnan(known), sub.objective(b0, b1), known)
        ts = t[search]
        for _ in range(MAX_HALVINGS):
            trial = sub.objective(b0 - ts * d0, b1 - ts * d1)
            ok = accept[search] | (trial <= known - ts * required)
            if ok.all():
                break
            ts = np.where(ok, ts, 0.5 * ts)
        t[search] = ts
        # Where ok, ts was not halved after the last trial: that trial is the new objective.
        at_new[search] = np.where(ok, trial, np.nan)
        return t, at_new


def fit_logistic(
    x: NDArray[np.float64],
    success: NDArray[np.float64],
    failure: NDArray[np.float64],
    model_starts: NDArray[np.intp],
    regularization: float,
    max_iter: int = NEWTON_MAX_ITER,
) -> LogisticFits:
    """Fit one weighted logistic regression per (draw, model) by damped Newton steps.

    Args:
        x: log2(human minutes) of each cell, shape (n_cells,), or per draw, shape
            (n_draws, n_cells) (e.g. labels perturbed per draw). Cells of one model are
            contiguous.
        success: Success weight of each cell in each draw, shape (n_draws, n_cells).
        failure: Failure weight of each cell in each draw, shape (n_draws, n_cells).
        model_starts: Index of each model's first cell, increasing, shape (n_models,);
            ``model_starts[0] == 0``.
        regularization: L2 penalty on the slope (scikit-learn's ``1 / C``), > 0.
        max_iter: Newton iterations before a fit still short of the tolerance is given up
            (``converged`` False; its last iterate is returned).

    Returns:
        The fits; entries whose draw holds a single class are NaN.
    """
    n_cells = x.shape[-1]
    n_models = model_starts.shape[0]
    model_of_cell = np.repeat(np.arange(n_models), np.diff(np.append(model_starts, n_cells)))
    total = success + failure
    success_sum = np.add.reduceat(success, model_starts, axis=1)
    failure_sum = np.add.reduceat(failure, model_starts, axis=1)
    weight_sum = success_sum + failure_sum
    has_both = (success_sum > 0) & (failure_sum > 0)
    # Start at the flat curve through the weighted success rate.
    intercept = np.log(np.where(has_both, success_sum, 1.0) / np.where(has_both, failure_sum, 1.0))
    coef = np.zeros_like(intercept)
    converged = ~has_both
    # The objective at the current parameters, carried from one line search to the next so
    # each iteration evaluates it once at most; NaN where not known.
    objective = np.full_like(intercept, np.nan)
    # Only draws with a model still converging are iterated: late iterations touch few rows.
    rows = np.flatnonzero(~converged.all(axis=1))
    for _ in range(max_iter):
        if rows.size == 0:
            break
        problem = _Problem(
            _take_rows(x, rows),
            success[rows],
            total[rows],
            weight_sum[rows],
            has_both[rows],
            model_of_cell,
            model_starts,
            regularization,
        )
        b0, b1 = intercept[rows], coef[rows]
        step0, step1, decrement = problem.newton_step(b0, b1)
        done = ~problem.has_both | (decrement <= NEWTON_TOL)
        converged[rows] = done
        step0, step1 = np.where(done, 0.0, step0), np.where(done, 0.0, step1)
        t, objective[rows] = problem.step_length(
            b0, b1, step0, step1, decrement, done, objective[rows]
        )
        intercept[rows] = b0 - t * step0
        coef[rows] = b1 - t * step1
        rows = rows[~done.all(axis=1)]
    nan = np.full_like(coef, np.nan)
    return LogisticFits(
        coef=np.where(has_both, coef, nan),
        intercept=np.where(has_both, intercept, nan),
        has_both_classes=has_both,
        converged=converged,
    )


def horizon_minutes(
    coef: NDArray[np.float64], intercept: NDArray[np.float64], percent: float
) -> NDArray[np.float64]:
    """Human minutes at which the fitted success probability is ``percent`` %.

    METR's ``get_x_for_quantile``: ``2 ** ((logit(p) - intercept) / coef)``, with a zero
    ``coef`` taken as ``-0.0`` (0 minutes when the flat rate is below ``p``, else infinite).

    Args:
        coef: Slopes, any shape.
        intercept: Intercepts, same shape.
        percent: Success probability in percent, in (0, 100).

    Returns:
        Horizons in minutes, same shape; NaN where the inputs are NaN.
    """
    p = percent / 100.0
    # A zero slope (e.g. every task of one length) is read as the limit of a falling curve,
    # -0.0: a flat success rate below p puts the horizon below every task, not above.
    falling = np.where(coef == 0, -0.0, coef)
    with np.errstate(divide="ignore", over="ignore", invalid="ignore"):
        result: NDArray[np.float64] = np.exp2((np.log(p / (1.0 - p)) - intercept) / falling)
    return result
