"""Stage ``horizon``: runs table -> weights -> logistic fit -> bootstrap -> horizons, trend.

Pure numpy/pandas: no paths, no printing, no Inspect. Randomness comes in as a
``np.random.Generator``. The method is METR's (github.com/METR/eval-analysis-public); all
bootstrap draws are fitted at once by batched Newton steps.
"""

from ._bootstrap import resample_counts
from ._diagnostics import (
    MIN_TASKS_NEAR_HORIZON,
    NEAR_HORIZON_FACTOR,
    Bound,
    BucketRate,
    HorizonWarning,
)
from ._fit import (
    DEFAULT_REGULARIZATION,
    BootstrapDraws,
    Horizon,
    HorizonParams,
    HorizonResult,
    ModelHorizons,
    bootstrap_horizons,
    fit_horizons,
)
from ._logistic import LogisticFits, fit_logistic, horizon_minutes
from ._trend import Trend, fit_trend, sota_aliases
from ._weights import Weighting, compute_weights

__all__ = [
    "DEFAULT_REGULARIZATION",
    "MIN_TASKS_NEAR_HORIZON",
    "NEAR_HORIZON_FACTOR",
    "BootstrapDraws",
    "Bound",
    "BucketRate",
    "Horizon",
    "HorizonParams",
    "HorizonResult",
    "HorizonWarning",
    "LogisticFits",
    "ModelHorizons",
    "Trend",
    "Weighting",
    "bootstrap_horizons",
    "compute_weights",
    "fit_horizons",
    "fit_logistic",
    "fit_trend",
    "horizon_minutes",
    "resample_counts",
    "sota_aliases",
]
