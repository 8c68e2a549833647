"""Stage ``runs``: Inspect logs, METR runs files and exported tables -> one runs table.

The table is a superset of METR's run columns (see :data:`RUNS_COLUMNS`), so METR data and
horizon data take the same path downstream. Readers are pluggable (:func:`register_reader`).
Importing this package does not import Inspect: the Inspect reader imports it when called.
"""

# Importing the built-in readers registers them.
from harness.outcome import SCORED_OUTCOMES, Outcome

from ._dataset import export_dataset
from ._export import RUNS_CSV, RUNS_FILES, RUNS_PARQUET, read_parquet_runs, write_runs
from ._inspect import INSPECT_COLUMNS, VERIFIER_SCORER, log_path, read_inspect_runs
from ._metr import read_metr_runs
from ._read import ATTEMPT_KEY, read_runs
from ._registry import RunsReader, get_reader, reader_names, register_reader
from ._release_dates import read_release_dates
from ._table import REQUIRED_COLUMNS, RUNS_COLUMNS, validate_runs

__all__ = [
    "ATTEMPT_KEY",
    "INSPECT_COLUMNS",
    "REQUIRED_COLUMNS",
    "RUNS_COLUMNS",
    "RUNS_CSV",
    "RUNS_FILES",
    "RUNS_PARQUET",
    "VERIFIER_SCORER",
    "SCORED_OUTCOMES",
    "Outcome",
    "RunsReader",
    "export_dataset",
    "get_reader",
    "log_path",
    "read_inspect_runs",
    "read_metr_runs",
    "read_parquet_runs",
    "read_release_dates",
    "read_runs",
    "reader_names",
    "register_reader",
    "validate_runs",
    "write_runs",
]
