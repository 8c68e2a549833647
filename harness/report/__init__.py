"""Stage ``report``: leaderboards rendered from ``harness.horizon`` results.

The only stage that renders. Imports neither Docker nor Inspect.
"""

from ._json import SCHEMA_VERSION, render_json, to_document
from ._markdown import render_markdown
from ._table import leaderboard_rows, render_table
from ._write import LEADERBOARD_FILES, write_report

__all__ = [
    "LEADERBOARD_FILES",
    "SCHEMA_VERSION",
    "leaderboard_rows",
    "render_json",
    "render_markdown",
    "render_table",
    "to_document",
    "write_report",
]
