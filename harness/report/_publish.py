"""Write what a board is published with: ``leaderboard.html``, ``figures/`` and the runs.

Stage ``report``. Beside ``write_report``'s JSON and Markdown; both draw on the document, and
these also on the :class:`SuiteSummary` of the runs behind it. :func:`write_board` writes the
whole board, as ``horizon report --out`` and ``horizon demo`` do.
"""

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from harness.errors import InputError

from ._charts import curves, date_points, heatmaps, length_bars, trend_line
from ._document import Leaderboard
from ._figures import (
    curve_figure,
    date_figure,
    heatmap_figure,
    heatmap_height,
    length_figure,
    new_figure,
    save_figure,
)
from ._html import render_html
from ._suite import SuiteSummary, summarize_runs
from ._write import write_report

if TYPE_CHECKING:
    import pandas as pd

LEADERBOARD_HTML = "leaderboard.html"
FIGURES_DIR = "figures"
FIGURE_NAMES = ("horizon_vs_date", "success_curves", "family_success", "task_lengths")
"""The figures, each written as ``.png`` and ``.svg``."""


def write_figures(document: Leaderboard, summary: SuiteSummary, out_dir: Path) -> list[Path]:
    """The page's four charts as PNG and SVG files in ``out_dir`` (created if needed)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    buckets = list(dict.fromkeys(t.bucket for t in summary.tasks))
    pooled = heatmaps(summary)[0]
    heights = {"family_success": heatmap_height(pooled)}
    draw = {
        "horizon_vs_date": lambda ax: date_figure(ax, date_points(document), trend_line(document)),
        "success_curves": lambda ax: curve_figure(ax, curves(document)),
        "family_success": lambda ax: heatmap_figure(ax, pooled, buckets),
        "task_lengths": lambda ax: length_figure(ax, length_bars(summary)),
    }
    paths = []
    for name in FIGURE_NAMES:
        figure, axis = new_figure(heights.get(name, 4.0))
        draw[name](axis)
        paths += save_figure(figure, out_dir, name)
    return paths


def write_publication(
    document: Leaderboard, summary: SuiteSummary, out_dir: Path, generated: dt.datetime
) -> list[Path]:
    """Write ``leaderboard.html`` and ``figures/*.png``, ``*.svg`` into ``out_dir``.

    Args:
        document: The leaderboard.
        summary: The suite's tasks and per-family cells (``summarize_runs``).
        out_dir: Target folder (created if needed).
        generated: When the report was made, shown on the page.

    Returns:
        The written paths.

    Raises:
        InputError: The folder cannot be written.
    """
    page = out_dir / LEADERBOARD_HTML
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        page.write_text(render_html(document, summary, generated), encoding="utf-8")
        return [page, *write_figures(document, summary, out_dir / FIGURES_DIR)]
    except OSError as err:
        raise InputError(f"--out {out_dir}: cannot write the page ({err}).") from err


def write_board(
    document: Leaderboard, runs: "pd.DataFrame", out_dir: Path, generated: dt.datetime
) -> list[Path]:
    """Everything ``horizon report --out`` writes: JSON, Markdown, page, figures and runs.

    Args:
        document: The leaderboard.
        runs: The validated runs table it was estimated from.
        out_dir: Target folder (created if needed).
        generated: When the report was made, shown on the page.

    Returns:
        The written paths.

    Raises:
        InputError: The folder cannot be written.
    """
    from harness.runs import write_runs  # loads pandas: only whoever has runs pays for it

    summary = summarize_runs(runs, document)
    return [
        *write_report(document, out_dir),
        *write_runs(runs, out_dir),
        *write_publication(document, summary, out_dir, generated),
    ]
