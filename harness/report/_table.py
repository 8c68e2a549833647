"""The leaderboard table as cells of text, shared by the Markdown and terminal renderers.

Stage ``report``: rendering only, from ``harness.horizon`` result objects.
"""

import math

from harness.horizon import Bound, Horizon, HorizonResult, ModelHorizons


def format_minutes(minutes: float) -> str:
    """A duration in minutes, to three significant figures (``3.99``, ``60.4``, ``1,045``)."""
    if math.isnan(minutes):
        return "n/a"
    if math.isinf(minutes):
        return "inf"
    if minutes >= 100:
        return f"{minutes:,.0f}"
    return f"{minutes:.3g}"


def format_horizon(horizon: Horizon, model: ModelHorizons) -> str:
    """The estimate, or the bound it supports: ``> 960`` above the longest task."""
    if horizon.bound == Bound.ABOVE_SUITE_RANGE:
        return f"> {format_minutes(model.longest_task_minutes)}"
    if horizon.bound == Bound.BELOW_SUITE_RANGE:
        return f"< {format_minutes(model.shortest_task_minutes)}"
    return format_minutes(horizon.minutes)


def format_ci(horizon: Horizon) -> str:
    """``[low, high]`` in minutes, or ``n/a`` without bootstrap draws."""
    if math.isnan(horizon.ci_low):
        return "n/a"
    return f"[{format_minutes(horizon.ci_low)}, {format_minutes(horizon.ci_high)}]"


def leaderboard_rows(result: HorizonResult) -> tuple[list[str], list[list[str]]]:
    """Header and rows of the leaderboard, longest p50 first.

    Args:
        result: The estimate to show.

    Returns:
        Column headers and one row of cells per model.
    """
    level = f"{result.params.confidence:.0%}"
    headers = ["Model", "Runs", "Tasks", "Infra errors", "Avg score"]
    for percent in result.params.percents:
        headers += [f"p{percent} (min)", f"p{percent} {level} CI"]
    headers += ["Tasks near p50", "Flags"]
    models = sorted(result.models, key=lambda m: -m.horizon(50).minutes)
    rows = []
    for m in models:
        row = [m.alias, str(m.n_runs), str(m.n_tasks), str(m.n_infra_errors)]
        row.append(f"{m.average_score:.3f}")
        for h in m.horizons:
            row += [format_horizon(h, m), format_ci(h)]
        row += [str(m.n_tasks_near_p50), ", ".join(m.flags)]
        rows.append(row)
    return headers, rows


def render_table(result: HorizonResult) -> str:
    """The leaderboard as aligned plain text for a terminal."""
    headers, rows = leaderboard_rows(result)
    widths = [max(len(r[i]) for r in [headers, *rows]) for i in range(len(headers))]
    lines = [
        "  ".join(cell.ljust(w) for cell, w in zip(r, widths, strict=True))
        for r in [headers, *rows]
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    if result.trend is not None:
        t = result.trend
        lines.append("")
        lines.append(
            f"p50 doubling time: {t.doubling_days:.0f} days "
            f"({result.params.confidence:.0%} CI {t.doubling_ci[0]:.0f}-{t.doubling_ci[1]:.0f}) "
            f"over {len(t.aliases)} SOTA models"
        )
    return "\n".join(line.rstrip() for line in lines) + "\n"
