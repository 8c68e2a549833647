"""The runs table as files: ``runs.parquet`` and ``runs.csv`` beside a report, read back too.

Stage ``runs``. A report folder carries the runs behind its numbers, so anyone can check or
refit them (and ``horizon compare`` can take the folder). Parquet keeps the dtypes and reads
back through :func:`read_runs` like any other runs file; CSV is for spreadsheets.
"""

from pathlib import Path

import pandas as pd

from harness.errors import InputError

from ._registry import register_reader

RUNS_PARQUET = "runs.parquet"
"""The runs table's file name in a report folder (read back by the ``parquet`` reader)."""

RUNS_CSV = "runs.csv"
"""The same table as CSV, for spreadsheets."""

RUNS_FILES = (RUNS_PARQUET, RUNS_CSV)
"""The files :func:`write_runs` writes."""


def write_runs(runs: pd.DataFrame, out_dir: Path) -> list[Path]:
    """Write the runs table as ``runs.parquet`` and ``runs.csv`` into ``out_dir``.

    Args:
        runs: A validated runs table (``read_runs``).
        out_dir: Target folder (created if needed).

    Returns:
        The written paths.

    Raises:
        InputError: The folder cannot be written.
    """
    parquet, csv = out_dir / RUNS_PARQUET, out_dir / RUNS_CSV
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        runs.to_parquet(parquet, index=False)
        runs.to_csv(csv, index=False)
    except OSError as err:
        raise InputError(f"{out_dir}: cannot write the runs table ({err}).") from err
    return [parquet, csv]


@register_reader("parquet", suffixes=(".parquet",))
def read_parquet_runs(path: Path) -> pd.DataFrame:
    """Read a runs table written by :func:`write_runs` (or any Parquet file of its columns).

    Raises:
        InputError: The file is not readable Parquet.
    """
    try:
        return pd.read_parquet(path)
    except (OSError, ValueError) as err:  # pyarrow's ArrowInvalid is a ValueError
        raise InputError(
            f"{path}: cannot read the runs table ({type(err).__name__}: {err}). Pass the "
            f"{RUNS_PARQUET} `horizon report --out` wrote."
        ) from err
