"""Hierarchical bootstrap: families -> tasks -> runs, each model's draws its own.

Stage ``horizon``: pure numpy; randomness only from the seed material passed in.

A draw is returned as how many times each run was picked. That is the same draw as METR's
``bootstrap_sample`` (``src/horizon/wrangle/bootstrap.py``), which copies rows: resample the
families; within each picked family, resample its tasks; within each picked task, resample
each model's runs on it. Weights are not renormalised: a run picked twice counts twice.
Bootstrap code is easy to get wrong (METR's warning); tests check the counts' invariants.

One departure from METR, who resample families jointly across every agent in the file: a
model's draws depend only on its own data. Models are grouped by the set of tasks they ran;
a group's families and tasks are resampled from a stream seeded by that task set, and each
model's runs from a stream seeded by its label. Adding an unrelated agent to a report
therefore leaves every other agent's CI as it was (it moved one p50 upper end from 23 to 109
minutes before), while agents that ran the same tasks share their task draws, so their
comparison is paired. Each level has its own stream, so how the draws are split into
memory-bounded chunks never changes them.
"""

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

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


def stream_key(*parts: str) -> int:
    """A stable 63-bit number naming a random stream (a task set, a model label)."""
    digest = hashlib.sha256("\x00".join(parts).encode()).digest()
    return int.from_bytes(digest[:8], "big") >> 1


@dataclass
class GroupSampler:
    """Draws the bootstrap of one group of models that ran the same tasks.

    Calls continue the same streams: ``draw(300)`` then ``draw(700)`` equals ``draw(1000)``.
    """

    task_family: NDArray[np.intp]
    """Family index of each task, non-decreasing (tasks sorted by family), (n_tasks,)."""
    cell_task: NDArray[np.intp]
    """Task index of each cell (one model on one task), (n_cells,)."""
    cell_runs: NDArray[np.int64]
    """Runs in each cell, (n_cells,); runs are ordered cell by cell."""
    model_cells: tuple[slice, ...]
    """Each model's cells, contiguous and in order."""
    families: np.random.Generator
    tasks: np.random.Generator
    runs: tuple[np.random.Generator, ...]
    """One stream per model."""

    @classmethod
    def seeded(
        cls,
        seed: int,
        task_ids: Sequence[str],
        labels: Sequence[str],
        task_family: NDArray[np.intp],
        cell_task: NDArray[np.intp],
        cell_runs: NDArray[np.int64],
        model_cells: tuple[slice, ...],
    ) -> "GroupSampler":
        """A sampler whose streams derive from ``seed``, the task set and each model's label.

        Args:
            seed: The report's seed material (one number drawn from its generator).
            task_ids: The group's tasks; their set names the task streams.
            labels: The group's model labels, in cell order; each names its run stream.
            task_family: See the attribute.
            cell_task: See the attribute.
            cell_runs: See the attribute.
            model_cells: See the attribute.
        """
        tasks_key = stream_key(*sorted(task_ids))
        return cls(
            task_family,
            cell_task,
            cell_runs,
            model_cells,
            np.random.default_rng([seed, tasks_key, 0]),
            np.random.default_rng([seed, tasks_key, 1]),
            tuple(np.random.default_rng([seed, tasks_key, 2, stream_key(x)]) for x in labels),
        )

    def draw_families(self, n_draws: int, n_families: int) -> NDArray[np.int64]:
        """The families level alone: times each family is picked, (n_draws, n_families)."""
        return _spread_uniformly(
            self.families,
            np.full((n_draws, 1), n_families, dtype=np.int64),
            np.array([n_families]),
        )

    def draw(self, n_draws: int) -> NDArray[np.int64]:
        """The next ``n_draws`` draws: times each run is picked, shape (n_draws, n_runs)."""
        n_families = int(self.task_family.max()) + 1
        tasks_per_family = np.bincount(self.task_family, minlength=n_families).astype(np.int64)
        families = self.draw_families(n_draws, n_families)
        tasks = _spread_uniformly(self.tasks, families * tasks_per_family, tasks_per_family)
        return np.concatenate(
            [
                _spread_uniformly(
                    rng,
                    tasks[:, self.cell_task[cells]] * self.cell_runs[cells],
                    self.cell_runs[cells],
                )
                for rng, cells in zip(self.runs, self.model_cells, strict=True)
            ],
            axis=1,
        )
