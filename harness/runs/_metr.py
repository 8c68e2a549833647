"""Reader for METR-schema runs files (``.jsonl``, one JSON object per run).

The schema is METR's (github.com/METR/eval-analysis-public, ``data/external/all_runs.jsonl``):
``run_id, task_id, task_family, alias, human_minutes, score_binarized`` and optionally
``score``. METR files hold only scored runs, so ``outcome`` follows ``score_binarized``.
Must not import Inspect's eval machinery.
"""

import json
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from harness.errors import InputError
from harness.outcome import Outcome

from ._registry import register_reader

METR_REQUIRED_FIELDS: tuple[str, ...] = (
    "alias",
    "task_id",
    "task_family",
    "human_minutes",
    "score_binarized",
)
"""Fields every line of a METR runs file must carry."""

_REQUIRED = frozenset(METR_REQUIRED_FIELDS)


def _parse_line(path: Path, lineno: int, line: str) -> dict[str, Any]:
    """Parse one line into a record, naming file, line and field when it is unusable."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as err:
        raise InputError(
            f"{path}:{lineno}: not valid JSON ({err.msg} at column {err.colno}). "
            "Each line must be one JSON object (JSON Lines)."
        ) from err
    if not isinstance(record, dict):
        raise InputError(
            f"{path}:{lineno}: expected a JSON object (got {type(record).__name__}). "
            "Each line must be one JSON object with the run's fields."
        )
    missing = [f for f in METR_REQUIRED_FIELDS if f not in record]
    if missing:
        raise InputError(
            f"{path}:{lineno}: missing field(s) {', '.join(missing)} "
            f"(expected {', '.join(METR_REQUIRED_FIELDS)}). Add them to every line."
        )
    return record


def _parse_lines(path: Path, numbered: list[tuple[int, str]]) -> list[dict[str, Any]]:
    """Parse every line into a record.

    Fast path: the lines joined into one JSON array, parsed in one call, then only the
    required fields checked. Any problem falls back to :func:`_parse_line` line by line,
    which names the first bad line exactly.
    """
    try:
        records = json.loads("[" + ",".join(line for _, line in numbered) + "]")
    except json.JSONDecodeError:
        records = None
    if (
        isinstance(records, list)
        and len(records) == len(numbered)
        and all(type(r) is dict and r.keys() >= _REQUIRED for r in records)
    ):
        return records
    return [_parse_line(path, n, line) for n, line in numbered]


@register_reader("metr", suffixes=(".jsonl",))
def read_metr_runs(path: Path) -> pd.DataFrame:
    """Read a METR-schema runs file.

    Args:
        path: A ``.jsonl`` file, one run per line; blank lines are skipped.

    Returns:
        An unvalidated runs table (``validate_runs`` checks values). ``source`` is
        ``<path>:<line>``; ``score`` defaults to ``score_binarized`` where absent; the file is
        the run (``run_key`` its resolved path, ``run_name`` its stem).

    Raises:
        InputError: The file cannot be read, a line is not a JSON object, or a required
            field is missing; the message names file and line.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise InputError(f"{path}: cannot read runs file ({err}).") from err
    numbered = [(n, line) for n, line in enumerate(text.splitlines(), start=1) if line.strip()]
    sources = [f"{path}:{n}" for n, _ in numbered]
    records = _parse_lines(path, numbered)
    if not records:
        raise InputError(f"{path}: no runs in file. Give a METR runs file with one run a line.")
    table = pd.DataFrame.from_records(records)
    table["source"] = sources
    # One file, one run: two files with runs of one alias are kept apart unless merged.
    table["run_key"] = str(path.resolve())
    table["run_name"] = path.stem
    if "run_id" not in table.columns:
        table["run_id"] = sources
    table["run_id"] = table["run_id"].fillna(pd.Series(sources)).astype(str)
    if "score" not in table.columns:
        table["score"] = table["score_binarized"]
    table["score"] = table["score"].fillna(table["score_binarized"])
    # Any value other than 0 counts as scored here, so validate_runs checks that it is 0/1 and
    # names the offending line.
    table["outcome"] = np.where(
        table["score_binarized"] == 0, Outcome.FAILURE.value, Outcome.SUCCESS.value
    )
    return table
