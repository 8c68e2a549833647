"""The design of a fit: which runs form each model, and the arrays the batched solver takes.

Stage ``horizon``: pure numpy/pandas. Two steps:

1. :func:`separate_runs` decides what a *model* is. By default an alias found in several
   separate runs (``run_key``, e.g. two ``horizon run`` log folders) becomes one model per
   run, labelled ``alias [run name]``, so two runs of one model are never merged by accident;
   with ``merge_runs`` they are pooled under the alias.
2. :class:`Design` turns the scored runs into cells (one model on one task) with success and
   failure weights per draw, the form :func:`fit_logistic` takes.
"""

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from ._diagnostics import Flag, HorizonWarning
from ._params import HorizonParams
from ._weights import compute_weights

RUN_KEY_PREFIX_CHARS = 8
"""Characters of ``run_key`` appended to a run's label when two runs share a name."""


def _run_labels(runs: pd.DataFrame) -> dict[str, str]:
    """A distinct label per run key: its name, plus the key's start where names collide."""
    names = runs.groupby("run_key", sort=True)["run_name"].first()
    repeated = names.duplicated(keep=False).to_numpy()
    return {
        str(key): f"{name} {str(key)[:RUN_KEY_PREFIX_CHARS]}" if twice else str(name)
        for key, name, twice in zip(names.index, names.to_numpy(), repeated, strict=True)
    }


def separate_runs(
    runs: pd.DataFrame, merge_runs: bool
) -> tuple[pd.DataFrame, list[HorizonWarning]]:
    """Label each row with its model: its alias, or ``alias [run name]`` when kept apart.

    Args:
        runs: Runs table with ``alias``, ``run_key`` and ``run_name``, shape (n_runs, ...);
            without ``run_key`` every row counts as one run.
        merge_runs: Pool an alias's runs into one model instead.

    Returns:
        A new table whose ``alias`` is the model label, and one ``runs_kept_apart`` warning
        per alias that was split. ``runs`` is not modified.
    """
    if merge_runs or "run_key" not in runs.columns:
        return runs, []
    n_runs = runs.groupby("alias")["run_key"].nunique()
    split = sorted(n_runs[n_runs > 1].index)
    if not split:
        return runs, []
    rows = runs["alias"].isin(split)
    labels = _run_labels(runs[rows])
    labelled = runs["alias"].where(~rows, runs["alias"] + " [" + runs["run_key"].map(labels) + "]")
    warnings = []
    for alias in split:
        kept_apart = sorted(set(labelled[runs["alias"] == alias]))
        warnings.append(
            Flag.RUNS_KEPT_APART.warn(
                alias, n_runs=len(kept_apart), labels=", ".join(repr(x) for x in kept_apart)
            )
        )
    return runs.assign(alias=labelled), warnings


@dataclass(frozen=True)
class Design:
    """The scored runs, sorted by (alias, task), and the index arrays the fit needs.

    A *cell* is one alias on one task: its runs are contiguous, and cells of one alias are
    contiguous. Tasks are numbered in family order so families' tasks are contiguous.
    """

    runs: pd.DataFrame
    """The scored runs, sorted by (alias, task_id); shape (n_runs, ...)."""
    aliases: tuple[str, ...]
    """Model labels, sorted; shape (n_models,)."""
    weight: NDArray[np.float64]
    """Run weights, shape (n_runs,), normalised per alias."""
    score: NDArray[np.float64]
    """Score fitted, shape (n_runs,): ``score_binarized`` or, with partial scores, ``score``."""
    cell_starts: NDArray[np.intp]
    """First run of each cell, shape (n_cells,)."""
    cell_runs: NDArray[np.int64]
    """Runs per cell, shape (n_cells,)."""
    cell_task: NDArray[np.intp]
    """Task index of each cell, shape (n_cells,)."""
    cell_minutes: NDArray[np.float64]
    """Human minutes of each cell's task, shape (n_cells,)."""
    cell_x: NDArray[np.float64]
    """log2(human minutes) of each cell, shape (n_cells,)."""
    model_starts: NDArray[np.intp]
    """First cell of each alias, shape (n_models,)."""
    task_family: NDArray[np.intp]
    """Family index of each task, non-decreasing, shape (n_tasks,)."""
    family_names: tuple[str, ...]
    """Name of each family index."""

    @classmethod
    def build(cls, scored: pd.DataFrame, params: HorizonParams) -> "Design":
        """The design of ``scored`` (the runs that enter the fit) under ``params``."""
        tasks = scored.drop_duplicates("task_id")[["task_family", "task_id"]].sort_values(
            ["task_family", "task_id"]
        )
        task_index = pd.Series(np.arange(len(tasks)), index=tasks["task_id"].to_numpy())
        family_codes, family_names = pd.factorize(tasks["task_family"], sort=True)
        runs = scored.sort_values(["alias", "task_id"], kind="stable").reset_index(drop=True)
        cell_key = (runs["alias"] + "\x00" + runs["task_id"]).to_numpy()
        cell_starts = np.flatnonzero(np.r_[True, cell_key[1:] != cell_key[:-1]])
        cell_alias = runs["alias"].to_numpy()[cell_starts]
        model_starts = np.flatnonzero(np.r_[True, cell_alias[1:] != cell_alias[:-1]])
        score_column = "score" if params.partial_scores else "score_binarized"
        cell_minutes = runs["human_minutes"].to_numpy(dtype=float)[cell_starts]
        return cls(
            runs=runs,
            aliases=tuple(cell_alias[model_starts].tolist()),
            weight=compute_weights(runs, params.weighting),
            score=runs[score_column].to_numpy(dtype=float),
            cell_starts=cell_starts,
            cell_runs=np.diff(np.r_[cell_starts, len(runs)]).astype(np.int64),
            cell_task=task_index[runs["task_id"].to_numpy()[cell_starts]].to_numpy(),
            cell_minutes=cell_minutes,
            cell_x=np.log2(cell_minutes),
            model_starts=model_starts,
            task_family=family_codes.astype(np.intp),
            family_names=tuple(str(name) for name in family_names),
        )

    def subset(self, models: NDArray[np.intp]) -> "Design":
        """The design of some models alone (ascending indices), without redoing the build.

        Tasks and families are renumbered over the models' own tasks, keeping their order,
        so families stay contiguous; weights are per model, so they carry over unchanged.
        """
        cells = np.concatenate([np.arange(c.start, c.stop) for c in map(self.model_cells, models)])
        rows = np.concatenate([np.arange(r.start, r.stop) for r in map(self.model_rows, models)])
        cell_runs = self.cell_runs[cells]
        tasks, cell_task = np.unique(self.cell_task[cells], return_inverse=True)
        families, task_family = np.unique(self.task_family[tasks], return_inverse=True)
        n_cells = np.array([c.stop - c.start for c in map(self.model_cells, models)])
        return Design(
            runs=self.runs.iloc[rows].reset_index(drop=True),
            aliases=tuple(self.aliases[i] for i in models),
            weight=self.weight[rows],
            score=self.score[rows],
            cell_starts=np.r_[0, np.cumsum(cell_runs)[:-1]].astype(np.intp),
            cell_runs=cell_runs,
            cell_task=cell_task.astype(np.intp),
            cell_minutes=self.cell_minutes[cells],
            cell_x=self.cell_x[cells],
            model_starts=np.r_[0, np.cumsum(n_cells)[:-1]].astype(np.intp),
            task_family=task_family.astype(np.intp),
            family_names=tuple(self.family_names[f] for f in families),
        )

    @property
    def n_runs(self) -> int:
        """Scored runs in the fit."""
        return len(self.runs)

    def model_cells(self, index: int) -> slice:
        """The cells (one per task) of alias ``index``."""
        end = self.model_starts[index + 1] if index + 1 < len(self.aliases) else len(self.cell_x)
        return slice(int(self.model_starts[index]), int(end))

    def run_values(self, per_cell: NDArray[Any]) -> NDArray[Any]:
        """A per-cell array spread to the cell's runs: shape (n_cells,) -> (n_runs,)."""
        result: NDArray[Any] = np.repeat(per_cell, self.cell_runs)
        return result

    def model_rows(self, index: int) -> slice:
        """The rows of ``runs`` (and of ``weight``, ``score``) that belong to alias ``index``."""
        first_cell = self.model_starts[index]
        end_cell = (
            self.model_starts[index + 1] if index + 1 < len(self.aliases) else len(self.cell_x)
        )
        end = self.cell_starts[end_cell] if end_cell < len(self.cell_starts) else len(self.runs)
        return slice(int(self.cell_starts[first_cell]), int(end))

    def cell_weights(
        self, counts: NDArray[np.int64]
    ) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        """Success and failure weight per cell in each draw, shape (n_draws, n_cells) each.

        Args:
            counts: Times each run is in each draw, shape (n_draws, n_runs); the observed
                data is the draw of all ones.
        """
        success = counts * (self.weight * self.score)
        failure = counts * (self.weight * (1.0 - self.score))
        return (
            np.add.reduceat(success, self.cell_starts, axis=1),
            np.add.reduceat(failure, self.cell_starts, axis=1),
        )
