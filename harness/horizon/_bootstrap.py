"""Hierarchical bootstrap: families -> tasks -> runs, all aliases resampled jointly.

Stage ``horizon``: pure numpy; randomness only from the ``np.random.Generator`` passed in.

A draw is returned as how many times each run was picked. That is the same draw as METR's
``bootstrap_sample`` (``src/horizon/wrangle/bootstrap.py``), which copies rows: resample the
families; within each picked family, resample its tasks; within each picked task, resample
each alias's runs on it. Weights are not renormalised: a run picked twice counts twice.
Bootstrap code is easy to get wrong (METR's warning); tests check the counts' invariants.
"""

import numpy as np
from numpy.typing import NDArray


def _spread_uniformly(
    rng: np.random.Generator, n_picks: NDArray[np.int64], sizes: NDArray[np.int64]
) -> NDArray[np.int64]:
    """Distribute each group's picks uniformly at random over the group's members.

    Every pick is one uniform draw ``floor(u * size)`` (as METR's
    ``bootstrap_runs_by_task_agent``), all draws and groups in one vectorised call; the
    counts are then tallied with ``bincount``.

    Args:
        rng: Source of randomness.
        n_picks: Picks per draw and group, shape (n_draws, n_groups).
        sizes: Members per group, shape (n_groups,); members of a group are contiguous.

    Returns:
        Times each member was picked, shape (n_draws, sizes.sum()).
    """
    n_draws, n_groups = n_picks.shape
    n_members = int(sizes.sum())
    first_member = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    # Each (draw, group) as an offset into the flattened (n_draws * n_members) counts.
    offset = (np.arange(n_draws)[:, None] * n_members + first_member).ravel()
    picks = n_picks.ravel()
    chosen = np.repeat(offset, picks) + (
        rng.random(int(picks.sum())) * np.repeat(np.tile(sizes, n_draws), picks)
    ).astype(np.int64)
    counts: NDArray[np.int64] = np.bincount(chosen, minlength=n_draws * n_members).reshape(
        n_draws, n_members
    )
    return counts


def resample_counts(
    task_family: NDArray[np.intp],
    cell_task: NDArray[np.intp],
    cell_runs: NDArray[np.int64],
    n_draws: int,
    rng: np.random.Generator,
) -> NDArray[np.int64]:
    """Draw hierarchical bootstrap samples as run counts.

    Args:
        task_family: Family index of each task, non-decreasing (tasks sorted by family),
            shape (n_tasks,).
        cell_task: Task index of each cell (one alias on one task), shape (n_cells,).
        cell_runs: Runs in each cell, shape (n_cells,); runs are ordered cell by cell.
        n_draws: Number of bootstrap draws.
        rng: Source of randomness.

    Returns:
        Times each run appears in each draw, shape (n_draws, n_runs).
    """
    n_families = int(task_family.max()) + 1
    tasks_per_family = np.bincount(task_family, minlength=n_families).astype(np.int64)
    families = _spread_uniformly(
        rng, np.full((n_draws, 1), n_families, dtype=np.int64), np.array([n_families])
    )
    tasks = _spread_uniformly(rng, families * tasks_per_family, tasks_per_family)
    return _spread_uniformly(rng, tasks[:, cell_task] * cell_runs, cell_runs)
