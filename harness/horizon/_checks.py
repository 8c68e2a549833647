"""Checks on the runs a fit is given: what enters it, and whether the tasks agree.

Stage ``horizon``: pure pandas. The runs stage has validated each row (``validate_runs``);
these checks are about the set of rows a fit needs, and raise ``InputError`` naming the task,
the field and the fix.
"""

import pandas as pd

from harness.errors import InputError
from harness.outcome import SCORED_OUTCOMES

from ._diagnostics import Flag, HorizonWarning
from ._params import HorizonParams

TASK_ATTRIBUTES = ("task_family", "human_minutes")
"""Columns that describe a task rather than an attempt: one value per task across all runs."""


def check_tasks(scored: pd.DataFrame) -> None:
    """Each task must have one family and one human-minutes value across all runs.

    Args:
        scored: Runs table, shape (n_runs, ...).

    Raises:
        InputError: A task has runs that disagree; names the task, column and values.
    """
    for column in TASK_ATTRIBUTES:
        n_values = scored.groupby("task_id")[column].nunique()
        if (n_values > 1).any():
            task = n_values[n_values > 1].index[0]
            values = sorted(scored.loc[scored["task_id"] == task, column].unique().tolist())
            raise InputError(
                f"task {task!r}: {column}: runs disagree (got {values}). A task has one "
                f"{column}; fix the inputs or give the variants different task ids."
            )


def check_suite_versions(runs: pd.DataFrame) -> None:
    """Runs of one suite at two versions never enter one fit: their tasks differ.

    Args:
        runs: Runs table; tables without ``suite``/``suite_version`` columns pass.

    Raises:
        InputError: A suite appears at more than one version; names both and the fix.
    """
    if not {"suite", "suite_version"} <= set(runs.columns):
        return
    named = runs[runs["suite_version"].fillna("").astype(str) != ""]
    versions = named.groupby("suite")["suite_version"].unique()
    for suite, found in versions.items():
        if len(found) > 1:
            raise InputError(
                f"suite {suite!r}: runs at versions {', '.join(sorted(map(str, found)))} cannot "
                "be fitted together (the suite's tasks and labels changed between versions). "
                "Report each version's runs separately."
            )


def scored_runs(runs: pd.DataFrame, params: HorizonParams) -> pd.DataFrame:
    """The runs that enter the fit: scored, of no excluded alias, of a task with human time.

    Runs of tasks without human time are left out (:func:`untimed_tasks` counts them).

    Args:
        runs: Runs table, shape (n_runs, ...).
        params: Estimation parameters (``exclude_aliases``).

    Returns:
        The selected rows (a view-free copy is not needed: callers never write to it).

    Raises:
        InputError: Nothing is left to fit, or a task's runs disagree (:func:`check_tasks`).
    """
    keep = (
        runs["outcome"].isin([str(o) for o in SCORED_OUTCOMES])
        & ~runs["alias"].isin(params.exclude_aliases)
        & runs["human_minutes"].notna()
    )
    scored = runs[keep]
    check_suite_versions(scored)
    if scored.empty:
        raise InputError(
            "runs: no success/failure runs to fit (after excluding "
            f"{list(params.exclude_aliases) or 'nothing'}). Check the inputs and the "
            "excluded aliases."
        )
    check_tasks(scored)
    return scored


def untimed_tasks(runs: pd.DataFrame) -> list[HorizonWarning]:
    """The warning counting the tasks without human time, which :func:`scored_runs` leaves out.

    A Harbor task need not say how long it takes a human; none when every task says.

    Args:
        runs: Runs table, shape (n_runs, ...); ``human_minutes`` is NaN where unknown.
    """
    untimed = runs[runs["human_minutes"].isna()]
    if untimed.empty:
        return []
    return [
        Flag.UNTIMED_TASKS.warn(None, n_tasks=untimed["task_id"].nunique(), n_runs=len(untimed))
    ]


UNCHECKED_EXAMPLES = 3
"""Task ids the unchecked-tasks warning names before it only counts."""


def unchecked_tasks(runs: pd.DataFrame) -> list[HorizonWarning]:
    """The warning counting tasks run without a passing check (``horizon run --unchecked``).

    Their runs stay in the fit (the user asked for them), but a reader must see they were not
    checked: a task whose verifier cannot work on that machine scores as a model failure.

    Args:
        runs: Runs table, shape (n_runs, ...); ``checked`` (from Inspect logs) is False for
            such runs. Tables without the column (METR's) pass.
    """
    if "checked" not in runs.columns:
        return []
    unchecked = runs[runs["checked"].eq(False)]  # None (not known) is not False
    if unchecked.empty:
        return []
    tasks = sorted(unchecked["task_id"].unique())
    examples = ", ".join(tasks[:UNCHECKED_EXAMPLES]) + (
        ", ..." if len(tasks) > UNCHECKED_EXAMPLES else ""
    )
    return [
        Flag.UNCHECKED_TASKS.warn(
            None, n_tasks=len(tasks), n_runs=len(unchecked), examples=examples
        )
    ]
