"""Per-run weights for the horizon fit (METR ``src/horizon/compute_task_weights.py``).

Stage ``horizon``: pure pandas/numpy, no I/O, no Inspect.
"""

from enum import StrEnum

import numpy as np
import pandas as pd
from numpy.typing import NDArray


class Weighting(StrEnum):
    """How runs are weighted in each alias's fit."""

    INVSQRT = "invsqrt"
    """Each run: ``1 / (runs of the alias on the task * sqrt(tasks of the alias in the family))``,
    so big task families do not dominate (METR's ``invsqrt_task_weight``, their default)."""
    EQUAL = "equal"
    """Each run: ``1 / runs of the alias on the task``: every task counts the same
    (METR's ``equal_task_weight``)."""


def compute_weights(runs: pd.DataFrame, weighting: Weighting | str) -> NDArray[np.float64]:
    """Weights of each run, normalised to sum to 1 per alias.

    Each alias's weights come from its own task set, as METR's ``compute_sample_weights``.

    Args:
        runs: Runs table with ``alias``, ``task_id``, ``task_family``; shape (n_runs, ...).
        weighting: ``invsqrt`` or ``equal``.

    Returns:
        Weights, shape (n_runs,), in the row order of ``runs``.

    Raises:
        ValueError: ``weighting`` is not a known scheme.
    """
    scheme = Weighting(weighting)
    by_task = runs.groupby(["alias", "task_id"], sort=False)["task_id"].transform("size")
    weight = 1.0 / by_task.to_numpy(dtype=float)
    if scheme is Weighting.INVSQRT:
        tasks_in_family = runs.groupby(["alias", "task_family"], sort=False)["task_id"].transform(
            "nunique"
        )
        weight = weight / np.sqrt(tasks_in_family.to_numpy(dtype=float))
    totals = pd.Series(weight, index=runs.index).groupby(runs["alias"], sort=False).transform("sum")
    return np.asarray(weight / totals.to_numpy(dtype=float), dtype=np.float64)
