"""``figures/*.png`` and ``*.svg``: the page's four charts as static, publication-quality figures.

Stage ``report``: rendering only, from ``_charts``' series (the page draws the same ones), in
the page's colours. matplotlib is imported when figures are drawn, never at import time:
``horizon --help`` and readers of leaderboards must not pay for it.
"""

import datetime as dt
import math
from pathlib import Path
from typing import TYPE_CHECKING

from ._charts import (
    Curve,
    DatePoint,
    Heatmap,
    LengthBar,
    TrendLine,
    duration_label,
    log2_ticks,
)
from ._svg import NO_RUNS_COLOUR, SOURCE_COLOURS, colour

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

FIGURE_FORMATS = ("png", "svg")
MATPLOTLIB_EPOCH = dt.date(1970, 1, 1).toordinal()
"""Day 0 of matplotlib's date axis (its default ``date.epoch``)."""
DPI = 200
"""PNG resolution: sharp in print at the figure's 7 x 4 inches."""


def _minutes_axis(axis: "Axes", low: float, high: float, which: str) -> None:
    """A log2 axis of human time with ``4 min``/``2 h`` tick labels."""
    ticks = [t for t in log2_ticks(low, high) if low <= t <= high] or [low, high]
    getattr(axis, f"set_{which}scale")("log", base=2)
    getattr(axis, f"set_{which}ticks")(ticks, [duration_label(t) for t in ticks])
    getattr(axis, f"set_{which}lim")(low, high)


def date_figure(axis: "Axes", points: list[DatePoint], trend: TrendLine | None) -> None:
    """p50 vs release date with CIs and the trend line."""

    def x(day: float) -> float:  # matplotlib's dates: days since its default epoch, 1970
        return day - MATPLOTLIB_EPOCH

    for i, p in enumerate(points):
        axis.errorbar(
            [x(p.day)], [p.minutes], yerr=[[p.minutes - p.low], [p.high - p.minutes]], fmt="o",
            color=colour(i), mfc="white" if p.bounded else colour(i), capsize=3, label=p.alias,
        )  # fmt: skip
    if trend is not None:
        ends = [x(d) for d, _ in (trend.start, trend.end)]
        axis.plot(ends, [m for _, m in (trend.start, trend.end)], "--", color="#555",
                  label=trend.label)  # fmt: skip
    values = [v for p in points for v in (p.low, p.high)] or [1.0, 2.0]
    _minutes_axis(axis, min(values) / 1.5, max(values) * 1.5, "y")
    axis.xaxis_date()
    axis.set_xlabel("Release date")
    axis.set_ylabel("p50 horizon (human time)")
    if points:
        axis.legend(fontsize=7, loc="upper left")
    else:
        axis.text(0.5, 0.5, "No release dates given.", ha="center", transform=axis.transAxes)


def curve_figure(axis: "Axes", series: list[Curve]) -> None:
    """Fitted success curves and observed rates per bucket."""
    for i, c in enumerate(series):
        axis.plot(*zip(*c.fitted, strict=True), color=colour(i), label=c.alias)
        if c.observed:
            xs, ys, _ = zip(*c.observed, strict=True)
            axis.scatter(xs, ys, color=colour(i), alpha=0.6, s=14)
    span = [m for c in series for m, _ in c.fitted] or [1.0, 2.0]
    _minutes_axis(axis, min(span), max(span), "x")
    axis.set_ylim(-0.02, 1.02)
    axis.set_xlabel("Human time")
    axis.set_ylabel("Success probability")
    if series:
        axis.legend(fontsize=7)


def heatmap_height(heatmap: Heatmap) -> float:
    """Inches that give each family a readable row."""
    return max(4.0, 1.5 + 0.14 * len({c.family for c in heatmap.cells}))


def heatmap_figure(axis: "Axes", heatmap: Heatmap, buckets: list[str]) -> None:
    """Success by family x bucket (every model pooled), annotated with rates."""
    from matplotlib.colors import LinearSegmentedColormap

    families = sorted({c.family for c in heatmap.cells})
    grid = [[math.nan] * len(buckets) for _ in families]
    for c in heatmap.cells:
        grid[families.index(c.family)][buckets.index(c.bucket)] = c.rate
    colours = ["#d62728", "#ffffff", "#1f77b4"]
    cmap = LinearSegmentedColormap.from_list("success", colours).with_extremes(bad=NO_RUNS_COLOUR)
    image = axis.imshow(grid, cmap=cmap, vmin=0, vmax=1, aspect="auto")
    axis.set_xticks(range(len(buckets)), buckets, rotation=45, ha="right", fontsize=7)
    axis.set_yticks(range(len(families)), families, fontsize=7)
    axis.set_xlabel("Human minutes (doubling buckets)")
    axis.figure.colorbar(image, ax=axis, label=f"Success rate ({heatmap.name.lower()})")


def length_figure(axis: "Axes", bars: list[LengthBar]) -> None:
    """Tasks per doubling bucket, stacked by how human times were set."""
    sources = sorted({s for b in bars for s, _ in b.counts})
    bottom = [0] * len(bars)
    for source in sources:
        counts = [dict(b.counts).get(source, 0) for b in bars]
        axis.bar([b.bucket for b in bars], counts, bottom=bottom, label=source,
                 color=SOURCE_COLOURS.get(source, "#999999"))  # fmt: skip
        bottom = [a + b for a, b in zip(bottom, counts, strict=True)]
    axis.tick_params(axis="x", rotation=45, labelsize=7)
    for label in axis.get_xticklabels():
        label.set_horizontalalignment("right")
    axis.set_xlabel("Human minutes (doubling buckets)")
    axis.set_ylabel("Tasks")
    if bars:
        axis.legend(title="Human time set by", fontsize=7, title_fontsize=7)


def save_figure(figure: "Figure", out_dir: Path, name: str) -> list[Path]:
    """Write ``name.png`` and ``name.svg``; the SVG's text stays text (editable, searchable)."""
    import matplotlib.pyplot as plt

    paths = []
    figure.tight_layout()
    for ext in FIGURE_FORMATS:
        path = out_dir / f"{name}.{ext}"
        figure.savefig(path, dpi=DPI, metadata={"Date": None} if ext == "svg" else None)
        paths.append(path)
    plt.close(figure)
    return paths


def new_figure(height: float = 4.0) -> tuple["Figure", "Axes"]:
    """One figure 7 inches wide, in the non-interactive backend."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams.update({"svg.fonttype": "none", "font.size": 9})
    figure, axis = plt.subplots(figsize=(7, height))
    return figure, axis
