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


@register_reader("metr", suffixes=(".jsonl",))
def read_metr_runs(path: Path) -> pd.DataFrame:
    """Read a METR-schema runs file.

    Args:
        path: A ``.jsonl`` file, one run per line; blank lines are skipped.

    Returns:
        An unvalidated runs table (``validate_runs`` checks values). ``source`` is
        ``<path>:<line>``; ``score`` defaults to ``score_binarized`` where absent.

    Raises:
        InputError: The file cannot be read, a line is not a JSON object, or a required
            field is missing; the message names file and line.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise InputError(f"{path}: cannot read runs file ({err}).") from err
    records: list[dict[str, Any]] = []
    sources: list[str] = []
    for lineno, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            records.append(_parse_line(path, lineno, line))
            sources.append(f"{path}:{lineno}")
    if not records:
        raise InputError(f"{path}: no runs in file. Give a METR runs file with one run a line.")
    table = pd.DataFrame.from_records(records)
    table["source"] = sources
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
