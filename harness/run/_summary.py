"""The one-screen summary ``horizon run`` prints at the end: per alias, success by bucket.

Rendered from the runs table (``harness.runs.read_runs``, the only reader of logs), with the
suite's buckets of human minutes (``harness.suite.bucket_label``), so it counts exactly what
``horizon report`` will fit.
"""

from pathlib import Path

import pandas as pd

from harness.errors import InputError
from harness.outcome import SCORED_OUTCOMES, Outcome
from harness.runs import read_runs
from harness.suite import bucket_floor, bucket_label

ALIAS_WIDTH = 28
"""Characters of the alias column; longer aliases widen it."""


def _bucket_cells(rows: pd.DataFrame, buckets: list[str]) -> list[str]:
    """``successes/scored`` per bucket, ``-`` where the alias has no scored run there."""
    scored = rows[rows["outcome"].isin([o.value for o in SCORED_OUTCOMES])]
    cells = []
    for bucket in buckets:
        in_bucket = scored[scored["bucket"] == bucket]
        wins = int((in_bucket["outcome"] == Outcome.SUCCESS).sum())
        cells.append(f"{wins}/{len(in_bucket)}" if len(in_bucket) else "-")
    return cells


def render_summary(runs: pd.DataFrame) -> str:
    """Per alias: attempts, successes, failures, infra errors, time, tokens; success by bucket.

    Args:
        runs: A runs table from Inspect logs (``read_runs``; needs ``total_time_sec`` and
            ``total_tokens``), shape (n_runs, ...).

    Returns:
        Plain text, one line per alias and a header.
    """
    runs = runs.assign(bucket=[bucket_label(m) for m in runs["human_minutes"]])
    buckets = sorted(set(runs["bucket"]), key=bucket_floor)
    width = max(ALIAS_WIDTH, *(len(a) for a in runs["alias"]))
    head = f"{'agent':<{width}} {'n':>4} {'ok':>4} {'fail':>4} {'infra':>5} {'time':>7} "
    lines = [head + f"{'tokens':>9}  " + " ".join(f"{b:>9}" for b in buckets)]
    for alias, rows in runs.groupby("alias", sort=True):
        count = rows["outcome"].value_counts()
        time_sec = float(rows["total_time_sec"].sum(skipna=True))
        tokens = int(rows["total_tokens"].fillna(0).sum())
        lines.append(
            f"{alias:<{width}} {len(rows):>4} {count.get(Outcome.SUCCESS.value, 0):>4} "
            f"{count.get(Outcome.FAILURE.value, 0):>4} "
            f"{count.get(Outcome.INFRA_ERROR.value, 0):>5} {time_sec:>6.0f}s {tokens:>9}  "
            + " ".join(f"{c:>9}" for c in _bucket_cells(rows, buckets))
        )
    lines.append("(success/scored per bucket of human minutes; infra errors excluded)")
    if "checked" in runs.columns:
        unchecked = runs[runs["checked"].eq(False)]
        if not unchecked.empty:
            tasks = ", ".join(sorted(unchecked["task_id"].unique()))
            lines.append(
                f"UNCHECKED: {len(unchecked)} samples of tasks whose check had not passed on "
                f"this machine (--unchecked): {tasks}"
            )
    return "\n".join(lines)


def summarize_logs(log_dir: Path) -> str:
    """The summary of the logs in ``log_dir`` (see :func:`render_summary`).

    A folder that holds no readable runs is reported in the text rather than raised: the
    summary closes a run that has already ended, and must not hide its exit status.
    """
    try:
        runs = read_runs([log_dir])
    except InputError as err:
        return f"no summary: {err}"
    return render_summary(runs)
