"""Inputs (files or folders) -> one validated runs table.

Stage ``runs``. Dispatches each file to the reader registered for its suffix, counts retried
Inspect attempts once, and validates the result. Must not import Inspect's eval machinery.
"""

from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from harness.errors import InputError
from harness.outcome import SCORED_OUTCOMES

from ._registry import RunsReader, known_suffixes, reader_for
from ._table import validate_runs

ATTEMPT_KEY: tuple[str, ...] = ("run_key", "alias", "task_id", "epoch")
"""One attempt of a model+agent at a task within one run; Inspect retries (and a resumed
``horizon run``) repeat it in a newer log of the same eval set. Attempts of separate runs
never collapse into one (issue 9): ``harness.horizon`` keeps such runs apart or, when asked,
pools them."""


def _expand(inputs: Iterable[Path]) -> list[tuple[Path, RunsReader]]:
    """Files to read with their readers: files as given, folders searched recursively."""
    suffixes = known_suffixes()
    files: list[tuple[Path, RunsReader]] = []
    for path in inputs:
        reader = reader_for(path)
        if path.is_dir():
            found = [
                (p, r) for p in sorted(path.rglob("*")) if p.is_file() and (r := reader_for(p))
            ]
            if not found:
                raise InputError(
                    f"{path}: folder holds no runs files (looked for {', '.join(suffixes)}). "
                    "Pass the folder `horizon run` wrote its logs to, or a METR runs file."
                )
            files.extend(found)
        elif path.is_file():
            if reader is None:
                raise InputError(
                    f"{path}: unknown runs file type {path.suffix!r} "
                    f"(expected {', '.join(suffixes)}). Pass an Inspect log or a METR .jsonl."
                )
            files.append((path, reader))
        else:
            raise InputError(f"{path}: no such file or folder. Check the path.")
    return files


def _count_attempts_once(runs: pd.DataFrame) -> pd.DataFrame:
    """Keep one row per retried attempt: a scored one if any, else the newest log's row.

    Rows without an ``epoch`` (METR files) are independent runs and are all kept.
    """
    if "epoch" not in runs.columns or runs["epoch"].isna().all():
        return runs
    attempts = runs[runs["epoch"].notna()]
    ranked = attempts.assign(
        _scored=attempts["outcome"].isin([o.value for o in SCORED_OUTCOMES]),
        _created=pd.to_datetime(attempts["log_created"], utc=True, format="ISO8601"),
    ).sort_values(["_scored", "_created"], ascending=False, kind="stable")
    kept = ranked.drop_duplicates(list(ATTEMPT_KEY)).drop(columns=["_scored", "_created"])
    return pd.concat([runs[runs["epoch"].isna()], kept]).sort_index()


def read_runs(inputs: Iterable[Path | str]) -> pd.DataFrame:
    """Read runs from Inspect logs and METR runs files into one table.

    Args:
        inputs: Files or folders. Folders are searched recursively for files a registered
            reader claims (``.eval``, ``.jsonl``, ``.parquet``).

    Returns:
        A validated runs table (``RUNS_COLUMNS`` first; Inspect rows add
        ``INSPECT_COLUMNS``). An attempt retried across several Inspect logs of one run
        appears once; attempts of separate runs are all kept (told apart by ``run_key``).

    Raises:
        InputError: A path is missing or of unknown type, a file is unreadable, or a row is
            invalid; the message names file, line or sample, and field.
    """
    files = _expand(Path(p) for p in inputs)
    if not files:
        raise InputError("no inputs given. Pass Inspect log files/folders or METR .jsonl files.")
    tables = [table for path, reader in files if not (table := reader.read(path)).empty]
    if not tables:
        raise InputError(
            f"no runs in {', '.join(str(p) for p, _ in files)}: the logs hold no samples. "
            "Was the run interrupted before any sample finished?"
        )
    runs = pd.concat(tables, ignore_index=True)
    return validate_runs(_count_attempts_once(runs))
