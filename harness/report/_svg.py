"""The four charts as inline SVG for ``leaderboard.html``: no library, no external reference.

Stage ``report``: rendering only, from ``_charts``' series. Every mark has class ``mark`` and
its tooltip in ``data-tip`` (and a ``<title>``, which readers without script get); each chart
is one ``<svg class="chart">`` with ``data-chart`` naming it, so a test can count its marks.
"""

import datetime as dt
import math
from collections.abc import Callable
from html import escape

from ._charts import (
    Curve,
    DatePoint,
    Heatmap,
    LengthBar,
    TrendLine,
    duration_label,
    log2_ticks,
)

WIDTH, HEIGHT = 720, 380
LEFT, RIGHT, TOP, BOTTOM = 70, 170, 20, 64
"""Margins in pixels; the right one holds the legend."""

PALETTE = (
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
    "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf",
)  # fmt: skip
"""Matplotlib's tab10: the figures use the same colours per model."""

NO_RUNS_COLOUR = "#eeeeee"
"""A heatmap cell without runs: not white, which is a 50% success rate."""

SOURCE_COLOURS = {"baseline": "#2ca02c", "estimate": "#ff7f0e", "expert-estimate": "#9467bd"}
"""Bars of the task-length chart by how human times were set; anything else is grey."""


def colour(index: int) -> str:
    """The ``index``-th model's colour."""
    return PALETTE[index % len(PALETTE)]


def _scale(low: float, high: float, start: float, end: float) -> Callable[[float], float]:
    span = (high - low) or 1.0
    return lambda v: start + (v - low) / span * (end - start)


def _mark(tag: str, tip: str, **attrs: str | float) -> str:
    attributes = " ".join(f'{k.rstrip("_").replace("_", "-")}="{v}"' for k, v in attrs.items())
    tip = escape(tip)
    return f'<{tag} class="mark" data-tip="{tip}" {attributes}><title>{tip}</title></{tag}>'


def _svg(name: str, title: str, body: list[str], height: float = HEIGHT) -> str:
    return (
        f'<svg class="chart" data-chart="{name}" viewBox="0 0 {WIDTH} {height:.0f}" role="img" '
        f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">'
        + "".join(body)
        + "</svg>"
    )


def _axes(
    x_ticks: list[tuple[float, str]],
    y_ticks: list[tuple[float, str]],
    x_title: str,
    y_title: str,
    *,
    slanted: bool = False,
) -> list[str]:
    """Frame, grid lines at the (pixel) ticks, tick labels and axis titles.

    ``slanted`` turns the x labels (bucket names, which collide when level).
    """
    right, bottom = WIDTH - RIGHT, HEIGHT - BOTTOM
    out = [
        f'<rect x="{LEFT}" y="{TOP}" width="{right - LEFT}" height="{bottom - TOP}" '
        'fill="none" stroke="#999"/>'
    ]
    for x, label in x_ticks:
        out.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{TOP}" y2="{bottom}" class="grid"/>')
        out.append(_x_label(x, bottom, label, slanted))
    for y, label in y_ticks:
        out.append(f'<line x1="{LEFT}" x2="{right}" y1="{y:.1f}" y2="{y:.1f}" class="grid"/>')
        out.append(f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">{escape(label)}</text>')
    out.append(
        f'<text x="{(LEFT + right) / 2}" y="{HEIGHT - 8}" text-anchor="middle">'
        f"{escape(x_title)}</text>"
    )
    out.append(
        f'<text transform="translate(14 {(TOP + bottom) / 2}) rotate(-90)" '
        f'text-anchor="middle">{escape(y_title)}</text>'
    )
    return out


def _x_label(x: float, bottom: float, label: str, slanted: bool) -> str:
    if slanted:
        return (
            f'<text transform="translate({x:.1f} {bottom + 12}) rotate(-35)" '
            f'text-anchor="end">{escape(label)}</text>'
        )
    return f'<text x="{x:.1f}" y="{bottom + 16}" text-anchor="middle">{escape(label)}</text>'


LEGEND_CHARS = 22
"""Longer names are cut in the legend (the marks' tooltips hold them whole)."""


def _legend(entries: list[tuple[str, str]]) -> list[str]:
    out = []
    for i, (name, fill) in enumerate(entries):
        y = TOP + 10 + 18 * i
        out.append(
            f'<rect x="{WIDTH - RIGHT + 12}" y="{y - 8}" width="10" height="10" fill="{fill}"/>'
        )
        short = name if len(name) <= LEGEND_CHARS else name[: LEGEND_CHARS - 1] + "…"
        out.append(f'<text x="{WIDTH - RIGHT + 28}" y="{y + 1}">{escape(short)}</text>')
    return out


def _log_range(values: list[float]) -> tuple[float, float]:
    low, high = min(values), max(values)
    return (low / 2, high * 2) if low == high else (low, high)


def date_chart(points: list[DatePoint], trend: TrendLine | None) -> str:
    """p50 vs release date, log minutes, CI bars (hollow: a bound) and the trend line."""
    title = "Horizon vs release date"
    if not points:
        return _svg("dates", title, ['<text x="20" y="40">No release dates given.</text>'])
    days = [p.day for p in points]
    day_low, day_high = min(days) - 60, max(days) + 60
    minutes = [v for p in points for v in (p.low, p.high, p.minutes)]
    y_low, y_high = min(minutes) / 1.5, max(minutes) * 1.5
    x = _scale(day_low, day_high, LEFT, WIDTH - RIGHT)
    y_log = _scale(math.log2(y_low), math.log2(y_high), HEIGHT - BOTTOM, TOP)

    def y(v: float) -> float:
        return y_log(math.log2(v))

    years = range(dt.date.fromordinal(int(day_low)).year, dt.date.fromordinal(int(day_high)).year)
    x_ticks = [(x(dt.date(yr + 1, 1, 1).toordinal()), str(yr + 1)) for yr in years]
    y_ticks = [(y(v), duration_label(v)) for v in log2_ticks(y_low, y_high)]
    body = _axes(
        x_ticks,
        y_ticks,
        "Release date",
        "p50 horizon (human time, log scale)",
    )
    if trend is not None:
        (d0, m0), (d1, m1) = trend.start, trend.end
        body.append(
            _mark(
                "line",
                trend.label,
                x1=f"{x(d0):.1f}",
                y1=f"{y(m0):.1f}",
                x2=f"{x(d1):.1f}",
                y2=f"{y(m1):.1f}",
                stroke="#555",
                stroke_dasharray="6 4",
                stroke_width=2,
            )
        )
        body.append(f'<text x="{LEFT + 8}" y="{TOP + 16}">{escape(trend.label)}</text>')
    for i, p in enumerate(points):
        px = x(p.day)
        body.append(
            f'<line x1="{px:.1f}" x2="{px:.1f}" y1="{y(p.low):.1f}" '
            f'y2="{y(p.high):.1f}" stroke="{colour(i)}" stroke-width="2"/>'
        )
        fill = "white" if p.bounded else colour(i)
        body.append(
            _mark(
                "circle",
                p.tip,
                cx=f"{px:.1f}",
                cy=f"{y(p.minutes):.1f}",
                r=6,
                fill=fill,
                stroke=colour(i),
                stroke_width=2,
            )
        )
    body += _legend([(p.alias, colour(i)) for i, p in enumerate(points)])
    return _svg("dates", title, body)


def curve_chart(series: list[Curve]) -> str:
    """Success probability vs human minutes: fitted curves and observed rates per bucket."""
    title = "Success probability vs human minutes"
    if not series:
        return _svg("curves", title, ['<text x="20" y="40">No fitted model.</text>'])
    xs = [m for c in series for m, _ in c.fitted]
    x_low, x_high = _log_range(xs)
    x_log = _scale(math.log2(x_low), math.log2(x_high), LEFT, WIDTH - RIGHT)

    def x(v: float) -> float:
        return x_log(math.log2(v))

    y = _scale(0.0, 1.0, HEIGHT - BOTTOM, TOP)
    x_ticks = [(x(v), duration_label(v)) for v in log2_ticks(x_low, x_high)]
    body = _axes(
        [t for t in x_ticks if LEFT <= t[0] <= WIDTH - RIGHT],
        [(y(p), f"{p:.0%}") for p in (0, 0.25, 0.5, 0.75, 1)],
        "Human time (log scale)",
        "Success probability",
    )
    for i, c in enumerate(series):
        path = " ".join(f"{x(m):.1f},{y(p):.1f}" for m, p in c.fitted)
        body.append(
            _mark(
                "polyline",
                f"{c.alias}: fitted",
                points=path,
                fill="none",
                stroke=colour(i),
                stroke_width=2,
            )
        )
        for m, rate, tip in c.observed:
            body.append(
                _mark(
                    "circle",
                    tip,
                    cx=f"{x(m):.1f}",
                    cy=f"{y(rate):.1f}",
                    r=4,
                    fill=colour(i),
                    fill_opacity=0.6,
                )
            )
    body += _legend([(c.alias, colour(i)) for i, c in enumerate(series)])
    return _svg("curves", title, body)


def heat_colour(rate: float) -> str:
    """Red (0%) through white to blue (100%)."""
    if rate < 0.5:
        t = rate / 0.5
        return f"rgb(214,{int(39 + 216 * t)},{int(40 + 215 * t)})"
    t = (rate - 0.5) / 0.5
    return f"rgb({int(255 - 224 * t)},{int(255 - 136 * t)},{int(255 - 75 * t)})"


ROW_HEIGHT = 13
"""Pixels per family in the heatmap: its height grows with the families."""


def heatmap_chart(maps: list[Heatmap], buckets: list[str]) -> str:
    """Success by family x bucket, one group per heatmap; the page's selector shows one."""
    title = "Success by task family and human time"
    families = sorted({c.family for m in maps for c in m.cells})
    if not families:
        return _svg("families", title, ['<text x="20" y="40">No scored runs.</text>'])
    left, top = 200, TOP
    width = (WIDTH - left - 20) / max(len(buckets), 1)
    bottom = top + ROW_HEIGHT * len(families)
    body = [
        f'<text x="{left - 6}" y="{top + ROW_HEIGHT * (i + 0.8):.1f}" text-anchor="end" '
        f'font-size="10">{escape(f)}</text>'
        for i, f in enumerate(families)
    ]
    body += [_x_label(left + width * (j + 0.5), bottom, b, True) for j, b in enumerate(buckets)]
    body.append(
        f'<text x="{(left + WIDTH) / 2}" y="{bottom + BOTTOM + 10}" text-anchor="middle">'
        "Human minutes (doubling buckets)</text>"
    )
    body.append(
        f'<rect x="{left}" y="{top}" width="{width * len(buckets):.1f}" '
        f'height="{bottom - top}" fill="{NO_RUNS_COLOUR}"/>'
    )
    for k, m in enumerate(maps):
        hidden = "" if k == 0 else ' style="display:none"'
        body.append(f'<g class="heatmap" data-name="{escape(m.name)}"{hidden}>')
        for c in m.cells:
            i, j = families.index(c.family), buckets.index(c.bucket)
            body.append(
                _mark("rect", c.tip, x=f"{left + width * j:.1f}", y=f"{top + ROW_HEIGHT * i:.1f}",
                      width=f"{width - 1:.1f}", height=ROW_HEIGHT - 1, fill=heat_colour(c.rate))
            )  # fmt: skip
        body.append("</g>")
    return _svg("families", title, body, height=bottom + BOTTOM + 20)


def length_chart(bars: list[LengthBar]) -> str:
    """Tasks per doubling bucket, stacked by how their human time was set."""
    title = "Task lengths in the suite"
    if not bars:
        return _svg("lengths", title, ['<text x="20" y="40">No tasks.</text>'])
    most = max(sum(n for _, n in b.counts) for b in bars)
    y = _scale(0.0, float(most), HEIGHT - BOTTOM, TOP)
    width = (WIDTH - RIGHT - LEFT) / len(bars)
    step = max(1, math.ceil(most / 6))
    x_ticks = [(LEFT + width * (j + 0.5), b.bucket) for j, b in enumerate(bars)]
    body = _axes(
        x_ticks,
        [(y(v), str(v)) for v in range(0, most + 1, step)],
        "Human minutes (doubling buckets)",
        "Tasks",
        slanted=True,
    )
    sources: list[str] = []
    for j, b in enumerate(bars):
        base = 0
        for source, n in b.counts:
            if source not in sources:
                sources.append(source)
            body.append(
                _mark(
                    "rect",
                    b.tip,
                    x=f"{LEFT + width * j + 2:.1f}",
                    y=f"{y(base + n):.1f}",
                    width=f"{width - 4:.1f}",
                    height=f"{y(base) - y(base + n):.1f}",
                    fill=SOURCE_COLOURS.get(source, "#999"),
                )
            )
            base += n
    body.append(f'<text x="{WIDTH - RIGHT + 12}" y="{TOP - 4}">Human time set by</text>')
    body += _legend([(s, SOURCE_COLOURS.get(s, "#999")) for s in sources])
    return _svg("lengths", title, body)
