"""Stage ``horizon``: runs table -> weights -> logistic fit -> bootstrap -> horizons, trend.

Pure numpy/pandas: no paths, no printing, no Inspect. Randomness comes in as a
``np.random.Generator``. The method is METR's (github.com/METR/eval-analysis-public); all
bootstrap draws are fitted at once by batched Newton steps.

Modules, in pipeline order: ``_params`` (what to estimate), ``_checks`` (which runs enter),
``_design`` (runs -> models, cells and weights), ``_weights``, ``_bootstrap`` (draws as run
counts), ``_logistic`` (the batched solver), ``_pipeline`` (point fit and bootstrap through
the same code), ``_diagnostics`` (the :class:`Flag` enum and what the data cannot support),
``_quantiles`` and ``_summary`` (CI tails kept as draws stream by), ``_shapes`` (curve-shape
check, per-family horizons), ``_trend`` and ``_results`` (the frozen result types).
"""

from ._bootstrap import GroupSampler
from ._design import separate_runs
from ._diagnostics import (
    MIN_TASKS_NEAR_HORIZON,
    NEAR_HORIZON_FACTOR,
    Bound,
    BucketRate,
    Flag,
    HorizonWarning,
    InfraRateOutlier,
    infra_rate_outliers,
)
from ._logistic import NEWTON_MAX_ITER, LogisticFits, fit_logistic, horizon_minutes
from ._params import DEFAULT_REGULARIZATION, HEADLINE_PERCENT, HorizonParams
from ._pipeline import bootstrap_horizons, fit_horizons
from ._results import BootstrapDraws, Horizon, HorizonResult, ModelHorizons, PairedComparison
from ._shapes import FamilyHorizon, Link, ShapeFit
from ._trend import Trend, TrendFromStart, sota_aliases
from ._weights import Weighting, compute_weights

__all__ = [
    "infra_rate_outliers",
    "DEFAULT_REGULARIZATION",
    "HEADLINE_PERCENT",
    "MIN_TASKS_NEAR_HORIZON",
    "NEAR_HORIZON_FACTOR",
    "NEWTON_MAX_ITER",
    "BootstrapDraws",
    "Bound",
    "BucketRate",
    "FamilyHorizon",
    "Flag",
    "Horizon",
    "HorizonParams",
    "HorizonResult",
    "HorizonWarning",
    "InfraRateOutlier",
    "Link",
    "LogisticFits",
    "ModelHorizons",
    "PairedComparison",
    "ShapeFit",
    "Trend",
    "TrendFromStart",
    "Weighting",
    "bootstrap_horizons",
    "compute_weights",
    "fit_horizons",
    "fit_logistic",
    "horizon_minutes",
    "GroupSampler",
    "separate_runs",
    "sota_aliases",
]
