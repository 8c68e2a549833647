"""Stage ``report``: the leaderboard document, and its renderings.

The only stage that renders. :func:`to_document` turns a ``harness.horizon`` result into the
:class:`Leaderboard` document (``leaderboard.json``); the JSON, Markdown and terminal
renderers draw from that document, and :func:`read_leaderboard` reads it back. Imports
neither Docker nor Inspect, and only pydantic at import time: ``harness.horizon`` is needed
only by whoever has a result to render.
"""

from ._document import (
    LEADERBOARD_JSON,
    SCHEMA_VERSION,
    BoundCode,
    BucketEntry,
    ComparisonEntry,
    FamilyEntry,
    HorizonEntry,
    Leaderboard,
    Method,
    ModelEntry,
    ShapeEntry,
    TrendEntry,
    TrendStartEntry,
    WarningEntry,
    parse_leaderboard,
    read_leaderboard,
)
from ._json import render_json, to_document
from ._markdown import render_markdown
from ._table import leaderboard_rows, render_table
from ._write import LEADERBOARD_FILES, write_report

__all__ = [
    "LEADERBOARD_FILES",
    "LEADERBOARD_JSON",
    "SCHEMA_VERSION",
    "BoundCode",
    "BucketEntry",
    "ComparisonEntry",
    "FamilyEntry",
    "HorizonEntry",
    "Leaderboard",
    "Method",
    "ModelEntry",
    "ShapeEntry",
    "TrendEntry",
    "TrendStartEntry",
    "WarningEntry",
    "leaderboard_rows",
    "parse_leaderboard",
    "read_leaderboard",
    "render_json",
    "render_markdown",
    "render_table",
    "to_document",
    "write_report",
]
