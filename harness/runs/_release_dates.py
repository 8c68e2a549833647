"""Model release dates for the doubling-time trend: METR's YAML or a two-column CSV.

Stage ``runs`` (it reads user files). Must not import Inspect's eval machinery.
"""

import csv
import datetime as dt
from pathlib import Path
from typing import Any

from harness.errors import InputError


def _as_date(path: Path, alias: str, value: Any) -> dt.date:
    """A release date from a YAML date or an ISO string, naming file and alias if it is not."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError as err:
        raise InputError(
            f"{path}: {alias}: release date {value!r} is not a date. Write it as YYYY-MM-DD."
        ) from err


def _read_yaml(path: Path, text: str) -> dict[str, Any]:
    """METR's format (``data/external/release_dates.yaml``): ``date: {alias: YYYY-MM-DD}``."""
    import yaml  # only when a YAML file is given: `horizon report` starts faster without it

    try:
        document = yaml.safe_load(text)
    except yaml.YAMLError as err:
        raise InputError(f"{path}: not valid YAML ({err}).") from err
    if not isinstance(document, dict) or not isinstance(document.get("date"), dict):
        raise InputError(
            f"{path}: expected a mapping with a 'date' key mapping alias -> YYYY-MM-DD "
            "(METR's release_dates.yaml format)."
        )
    return {str(k): v for k, v in document["date"].items()}


def _read_csv(path: Path, text: str) -> dict[str, Any]:
    """A CSV with header ``alias,date``."""
    rows = list(csv.DictReader(text.splitlines()))
    if not rows or not {"alias", "date"} <= set(rows[0]):
        raise InputError(
            f"{path}: expected a CSV with header 'alias,date' and one row per model "
            f"(got columns {sorted(rows[0]) if rows else 'none'})."
        )
    return {row["alias"]: row["date"] for row in rows}


def read_release_dates(path: Path | str) -> dict[str, dt.date]:
    """Read model release dates.

    Args:
        path: METR's YAML (``date:`` mapping alias to date) or a CSV with header
            ``alias,date``; chosen by suffix (``.csv`` is CSV, anything else YAML).

    Returns:
        Alias -> release date.

    Raises:
        InputError: The file is unreadable, malformed, or holds a value that is not a date.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise InputError(f"{path}: cannot read release dates ({err}).") from err
    raw = _read_csv(path, text) if path.suffix.lower() == ".csv" else _read_yaml(path, text)
    return {alias: _as_date(path, alias, value) for alias, value in raw.items()}
