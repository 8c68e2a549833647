"""The runs table: one row per agent attempt at a task, whatever log it came from.

Stage ``runs``. Every reader returns this table and :func:`validate_runs` checks it, so the
``horizon`` stage can trust the columns. Must not import Inspect's eval machinery.
"""

import numpy as np
import pandas as pd

from harness.errors import InputError
from harness.outcome import SCORED_OUTCOMES, Outcome

RUNS_COLUMNS: tuple[str, ...] = (
    "run_id",
    "alias",
    "task_id",
    "task_family",
    "human_minutes",
    "score",
    "score_binarized",
    "outcome",
    "source",
    "run_key",
    "run_name",
)
"""Columns every runs table has, in order: METR's run columns (``run_id, task_id, task_family,
alias, human_minutes, score_binarized``; ``run_id`` names one attempt) plus ``score`` (0..1),
``outcome`` (an :class:`Outcome` value), ``source`` (provenance: the file and line or sample
it came from), ``run_key`` (the identity of the run the attempt belongs to: an Inspect eval
set, or a METR file) and ``run_name`` (that run's name for people: its log folder or file).
Readers may add more columns (e.g. ``epoch``)."""

RUN_COLUMNS: tuple[str, ...] = ("run_key", "run_name")
"""The run columns, optional on input: a table without them is one unnamed run."""

REQUIRED_COLUMNS: tuple[str, ...] = tuple(c for c in RUNS_COLUMNS if c not in RUN_COLUMNS)
"""The columns :func:`validate_runs` requires of its input."""


RUN_IDENTITY: tuple[str, ...] = ("run_key", "alias", "task_id", "run_id")
"""What makes a row one attempt: a second row with the same values is the same attempt again."""


def _show(value: object) -> str:
    """A value as the user wrote it: numpy scalars as plain Python values."""
    item = getattr(value, "item", None)
    return repr(item() if callable(item) else value)


def _numbers(values: pd.Series) -> pd.Series:
    """``values`` as floats; what is not a number is NaN, booleans included.

    JSON ``true`` would otherwise count as 1 minute, or a score of 1.
    """
    if values.dtype == bool:
        return pd.Series(np.nan, index=values.index)
    if values.dtype == object:
        is_bool = values.map(lambda v: isinstance(v, bool | np.bool_)).astype(bool)
        values = values.mask(is_bool)
    return pd.to_numeric(values, errors="coerce")


def _fail(source: pd.Series, mask: pd.Series, field: str, what: str, fix: str) -> InputError:
    """Build an error naming the first offending row's source, the field, and the fix."""
    where = source[mask].iloc[0]
    n_bad = int(mask.sum())
    more = f" ({n_bad - 1} more rows like it)" if n_bad > 1 else ""
    return InputError(f"{where}: {field}: {what}{more}. {fix}")


def validate_runs(runs: pd.DataFrame) -> pd.DataFrame:
    """Check a runs table and return a copy with normalised dtypes.

    Args:
        runs: A table with at least :data:`REQUIRED_COLUMNS` (``source`` must name where each
            row came from, e.g. ``runs.jsonl:12``); without ``run_key``/``run_name`` every
            row belongs to one unnamed run.

    Returns:
        A new table, columns in :data:`RUNS_COLUMNS` order first, with ``human_minutes`` (NaN
        where the task has no human time: such runs are counted, not fitted) and ``score`` as
        float, ``score_binarized`` as int, ``outcome``, ``run_key`` and
        ``run_name`` as str.

    Raises:
        InputError: A column is missing, or a value is out of range; the message names the
            source row, the field and how to fix it.
    """
    missing = [c for c in REQUIRED_COLUMNS if c not in runs.columns]
    if missing:
        raise InputError(
            f"runs table: missing column(s) {', '.join(missing)} "
            f"(expected {', '.join(REQUIRED_COLUMNS)}). Add them to the input."
        )
    table = runs.copy()
    for column in RUN_COLUMNS:
        table[column] = table[column].fillna("").astype(str) if column in table else ""
    source = table["source"].astype(str)
    for field in ("alias", "task_id", "task_family"):
        empty = table[field].isna() | (table[field].astype(str).str.strip() == "")
        if empty.any():
            raise _fail(source, empty, field, "missing or empty", f"Give every run a {field}.")
        table[field] = table[field].astype(str)

    minutes = _numbers(table["human_minutes"])
    # Missing (null) is allowed: a task without human time runs but is not fitted.
    bad_minutes = table["human_minutes"].notna() & ~(np.isfinite(minutes) & (minutes > 0))
    if bad_minutes.any():
        got = table["human_minutes"][bad_minutes].iloc[0]
        raise _fail(
            source,
            bad_minutes,
            "human_minutes",
            f"must be a number > 0 (got {_show(got)})",
            "Set it to the time a skilled human takes on the task, in minutes (null when "
            "unknown: such runs are counted, not fitted).",
        )
    table["human_minutes"] = minutes.astype(float)

    outcome = table["outcome"].astype(str)
    bad_outcome = ~outcome.isin([o.value for o in Outcome])
    if bad_outcome.any():
        raise _fail(
            source,
            bad_outcome,
            "outcome",
            f"unknown outcome {outcome[bad_outcome].iloc[0]!r} "
            f"(expected one of {', '.join(o.value for o in Outcome)})",
            "Fix the value in the input.",
        )
    table["outcome"] = outcome
    scored = outcome.isin([o.value for o in SCORED_OUTCOMES])

    binarized = _numbers(table["score_binarized"])
    bad_binary = scored & ~binarized.isin([0, 1])
    if bad_binary.any():
        raise _fail(
            source,
            bad_binary,
            "score_binarized",
            f"must be 0 or 1 (got {_show(table['score_binarized'][bad_binary].iloc[0])})",
            "Use 1 for success and 0 for failure.",
        )
    table["score_binarized"] = binarized.fillna(0).astype(int)

    score = _numbers(table["score"])
    bad_score = scored & ~((score >= 0) & (score <= 1))
    if bad_score.any():
        raise _fail(
            source,
            bad_score,
            "score",
            f"must be in [0, 1] for a scored run (got {_show(table['score'][bad_score].iloc[0])})",
            "Rescale scores to 0..1.",
        )
    table["score"] = score.astype(float)

    repeated = table.duplicated(list(RUN_IDENTITY), keep=False)
    if repeated.any():
        first = table[repeated].iloc[0]
        same = table[(table[list(RUN_IDENTITY)] == first[list(RUN_IDENTITY)]).all(axis=1)]
        raise InputError(
            f"{' and '.join(same['source'].astype(str).unique()[:2])}: the same run (alias "
            f"{first['alias']!r}, task {first['task_id']!r}, run_id {first['run_id']!r}) is read "
            f"{len(same)} times, which would count it as several attempts and narrow the CIs. "
            "Give each runs file or log folder once (a folder and a file inside it count twice), "
            "or give distinct runs distinct run_id values."
        )

    extra = [c for c in table.columns if c not in RUNS_COLUMNS]
    return table[[*RUNS_COLUMNS, *extra]].reset_index(drop=True)
