"""What the page needs from the runs beyond the document: the suite's tasks and per-family cells.

Stage ``report``. The leaderboard document holds estimates; the page's "success by family x
duration" chart, its task-length distribution and its provenance (suite version, task content
hashes, how human times were set, weakly isolated tasks) need the tasks themselves.
:func:`summarize_runs` computes them once, in the report stage, from the runs table; the
renderers take the result and do no I/O and no statistics. Imports no pandas at import time.
"""

from typing import TYPE_CHECKING

from ._document import Leaderboard, _Part

if TYPE_CHECKING:
    import pandas as pd

NOT_RECORDED = "not recorded"
"""How the page shows what the runs do not carry (METR files hold no suite or task hash)."""


class TaskEntry(_Part):
    """One task of the runs."""

    task_id: str
    family: str
    human_minutes: float
    bucket: str
    """Its doubling bucket of human minutes (``harness.suite.bucket_label``)."""
    human_source: str | None = None
    """``baseline``, ``estimate`` or ``expert-estimate``; ``None``: not recorded."""
    weakly_isolated: bool | None = None
    """The agent ran as root beside the verifier; ``None``: not recorded."""
    task_hash: str | None = None
    """Content hash of the task folder; ``None``: not recorded."""


class CellEntry(_Part):
    """One model's scored runs on one family's tasks in one doubling bucket."""

    alias: str
    """The model as the document names it (``alias [run]`` when runs were kept apart)."""
    family: str
    bucket: str
    n_runs: int
    n_success: int


class SuiteSummary(_Part):
    """The per-task facts the page draws on, beside the document."""

    suites: tuple[str, ...]
    """``name version`` of each suite the runs came from; empty: not recorded."""
    tasks: tuple[TaskEntry, ...]
    """Sorted by human minutes."""
    cells: tuple[CellEntry, ...]


def _optional(row: "pd.Series", column: str) -> str | None:
    """A text column's value, ``None`` when the column is absent or the value empty."""
    value = row.get(column)
    if value is None or value != value or str(value) == "":  # NaN != NaN
        return None
    return str(value)


def summarize_runs(runs: "pd.DataFrame", document: Leaderboard) -> SuiteSummary:
    """The suite's tasks and each document model's success per family and bucket.

    Args:
        runs: The validated runs table the document was estimated from.
        document: The leaderboard; its models name the cells (excluded aliases drop out).

    Returns:
        The summary the HTML page and the figures take beside the document.
    """
    # Imported here: only whoever has runs to summarize pays for pandas and the fit's labels.
    from harness.horizon import separate_runs  # the fit's own model labels
    from harness.outcome import SCORED_OUTCOMES
    from harness.suite import bucket_label

    tasks = runs.drop_duplicates("task_id").sort_values(["human_minutes", "task_id"])
    task_entries = tuple(
        TaskEntry(
            task_id=str(row["task_id"]),
            family=str(row["task_family"]),
            human_minutes=float(row["human_minutes"]),
            bucket=bucket_label(float(row["human_minutes"])),
            human_source=_optional(row, "human_source"),
            weakly_isolated=None
            if _optional(row, "weakly_isolated") is None
            else bool(row["weakly_isolated"]),
            task_hash=_optional(row, "task_hash"),
        )
        for _, row in tasks.iterrows()
    )
    suites: tuple[str, ...] = ()
    if "suite" in runs.columns:
        named = runs[runs["suite"].fillna("").astype(str) != ""]
        version = named.get("suite_version")
        pairs = named["suite"].astype(str) + (
            "" if version is None else " " + version.fillna("").astype(str)
        )
        suites = tuple(sorted(set(pairs.str.strip())))

    labelled, _ = separate_runs(runs, document.method.merge_runs)
    scored = labelled[
        labelled["outcome"].isin([o.value for o in SCORED_OUTCOMES])
        & labelled["alias"].isin([m.alias for m in document.models])
    ]
    scored = scored.assign(bucket=scored["human_minutes"].map(bucket_label))
    grouped = scored.groupby(["alias", "task_family", "bucket"])["score_binarized"]
    counts = grouped.agg(["size", "sum"]).reset_index()
    cells = tuple(
        CellEntry(
            alias=str(row["alias"]),
            family=str(row["task_family"]),
            bucket=str(row["bucket"]),
            n_runs=int(row["size"]),
            n_success=int(row["sum"]),
        )
        for _, row in counts.iterrows()
    )
    return SuiteSummary(suites=suites, tasks=task_entries, cells=cells)
