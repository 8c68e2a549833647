"""Stage ``report``: the leaderboard document, and its renderings.

The only stage that renders. :func:`to_document` turns a ``harness.horizon`` result into the
:class:`Leaderboard` document (``leaderboard.json``); the JSON, Markdown and terminal
renderers draw from that document (the HTML page and figures also from the
:class:`SuiteSummary` of the runs, :func:`summarize_runs`), and :func:`read_leaderboard`
reads it back. Imports
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
from ._html import render_html
from ._json import render_json, to_document
from ._markdown import render_markdown
from ._publish import (
    FIGURE_NAMES,
    FIGURES_DIR,
    LEADERBOARD_HTML,
    write_board,
    write_figures,
    write_publication,
)
from ._suite import NOT_RECORDED, CellEntry, SuiteSummary, TaskEntry, summarize_runs
from ._table import format_ci, format_horizon, leaderboard_rows, ranked, render_table
from ._write import LEADERBOARD_FILES, write_report

__all__ = [
    "FIGURE_NAMES",
    "FIGURES_DIR",
    "LEADERBOARD_FILES",
    "LEADERBOARD_HTML",
    "NOT_RECORDED",
    "LEADERBOARD_JSON",
    "SCHEMA_VERSION",
    "BoundCode",
    "BucketEntry",
    "CellEntry",
    "ComparisonEntry",
    "FamilyEntry",
    "HorizonEntry",
    "Leaderboard",
    "Method",
    "ModelEntry",
    "ShapeEntry",
    "SuiteSummary",
    "TaskEntry",
    "TrendEntry",
    "TrendStartEntry",
    "WarningEntry",
    "format_ci",
    "format_horizon",
    "leaderboard_rows",
    "parse_leaderboard",
    "ranked",
    "read_leaderboard",
    "render_html",
    "render_json",
    "render_markdown",
    "render_table",
    "summarize_runs",
    "to_document",
    "write_board",
    "write_figures",
    "write_publication",
    "write_report",
]
