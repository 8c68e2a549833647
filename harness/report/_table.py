"""The leaderboard table as cells of text, shared by the Markdown and terminal renderers.

Stage ``report``: rendering only, from the :class:`Leaderboard` document.
"""

import math

from ._document import (
    ComparisonEntry,
    HorizonEntry,
    Leaderboard,
    ModelEntry,
    TrendEntry,
    TrendStartEntry,
)


def format_minutes(minutes: float | None) -> str:
    """A duration in minutes, to three significant figures (``3.99``, ``60.4``, ``1,045``)."""
    if minutes is None or math.isnan(minutes):
        return "n/a"
    if math.isinf(minutes):
        return "inf"
    if minutes >= 100:
        return f"{minutes:,.0f}"
    return f"{minutes:.3g}"


def bound_minutes(horizon: HorizonEntry, model: ModelEntry) -> float:
    """The value a bounded horizon states; the task range's end for documents without one."""
    if horizon.bound_minutes is not None:
        return horizon.bound_minutes
    if horizon.bound == "above_suite_range":
        return model.longest_task_minutes
    return model.shortest_task_minutes


def format_horizon(horizon: HorizonEntry, model: ModelEntry) -> str:
    """The estimate, or the bound the data support: ``> 400`` (from the CI), ``< 2``."""
    if horizon.bound == "above_suite_range":
        return f"> {format_minutes(bound_minutes(horizon, model))}"
    if horizon.bound == "below_suite_range":
        return f"< {format_minutes(bound_minutes(horizon, model))}"
    return format_minutes(horizon.minutes)


def _ci_end(minutes: float, model: ModelEntry) -> str:
    """A CI end, or the bound it stands for when it lies beyond the model's tasks."""
    if minutes < model.shortest_task_minutes:
        return f"< {format_minutes(model.shortest_task_minutes)}"
    if minutes > model.longest_task_minutes:
        return f"> {format_minutes(model.longest_task_minutes)}"
    return format_minutes(minutes)


def format_ci(horizon: HorizonEntry, model: ModelEntry) -> str:
    """``[low, high]`` in minutes, or ``n/a`` without bootstrap draws.

    Ends beyond the tasks the model ran are extrapolation: they show as the bound they support
    (``< 2``, ``> 960``), never as a number such as 7e-34 minutes; a CI wholly beyond one end
    is that bound alone (an agent that failed everything has ``< 2``, not ``[0, 0]``).
    """
    if not horizon.has_ci:
        return "n/a"
    low, high = _ci_end(horizon.ci_low, model), _ci_end(horizon.ci_high, model)
    if low == high and low[0] in "<>":
        return low
    return f"[{low}, {high}]"


def _p50_sort_key(model: ModelEntry) -> float:
    """Longest p50 first: a lower bound (above the suite) first, an upper bound last."""
    h = model.horizon(50)
    if h.bound == "above_suite_range":
        return -math.inf
    if h.bound == "below_suite_range":
        return -bound_minutes(h, model) / 1e9  # after every number, by the bound
    return -(h.minutes if h.minutes is not None else -math.inf)


UNRANKED_FLAG = "too_few_tasks"
"""``harness.horizon.Flag.TOO_FEW_TASKS``: a model the data cannot place gets no row."""


def ranked(document: Leaderboard) -> list[ModelEntry]:
    """The models that get a leaderboard row, longest p50 first."""
    return sorted((m for m in document.models if UNRANKED_FLAG not in m.flags), key=_p50_sort_key)


def unranked_sentence(document: Leaderboard) -> str | None:
    """Which models are listed but not ranked, or ``None`` when every model is ranked."""
    left = [m for m in document.models if UNRANKED_FLAG in m.flags]
    if not left:
        return None
    names = ", ".join(f"{m.alias} ({m.n_runs} run(s), {m.n_tasks} task(s))" for m in left)
    return f"Not ranked, too few task lengths to fit a horizon: {names}."


def leaderboard_rows(document: Leaderboard) -> tuple[list[str], list[list[str]]]:
    """Header and rows of the leaderboard, longest p50 first (ranked models only).

    Args:
        document: The leaderboard to show.

    Returns:
        Column headers and one row of cells per model.
    """
    level = f"{document.method.confidence:.0%}"
    headers = ["Model", "Runs", "Tasks", "Infra errors", "Avg score"]
    for percent in document.method.percents:
        headers += [f"p{percent} (min)", f"p{percent} {level} CI"]
    corrected = any(m.corrected for m in document.models)
    if corrected:
        headers += ["p50 corrected (min)", f"p50 corrected {level} CI"]
    headers += ["Tasks near p50", "Flags"]
    rows = []
    for m in ranked(document):
        score = "n/a" if m.average_score is None else f"{m.average_score:.3f}"
        row = [m.alias, str(m.n_runs), str(m.n_tasks), str(m.n_infra_errors), score]
        for h in m.horizons:
            row += [format_horizon(h, m), format_ci(h, m)]
        if corrected:
            c = next((h for h in m.corrected if h.percent == 50), None)
            row += ["n/a", "n/a"] if c is None else [format_horizon(c, m), format_ci(c, m)]
        row += [_near_p50(m), ", ".join(m.flags)]
        rows.append(row)
    return headers, rows


def _near_p50(model: ModelEntry) -> str:
    """``9``, or ``9 (0 baselined)`` when the label sources are known.

    How firm the p50's tasks are: estimated human times are the method's largest error.
    """
    if model.n_baselined_near_p50 is None:
        return str(model.n_tasks_near_p50)
    return f"{model.n_tasks_near_p50} ({model.n_baselined_near_p50} baselined)"


def trend_sentence(trend: TrendEntry, confidence: float) -> str:
    """``p50 doubling time: 212 days (95% CI 150-300)``; ``150-no rise`` for an open end."""
    return (
        f"p50 doubling time: {format_days(trend.doubling_days)} days "
        f"({confidence:.0%} CI {_days_range(trend.doubling_ci)})"
    )


def format_days(days: float | None) -> str:
    """Whole days; ``None`` is an unbounded doubling time: the frontier may not rise."""
    return "no rise" if days is None else f"{days:.0f}"


def _days_range(ci: tuple[float | None, float | None]) -> str:
    """A doubling-time CI as ``150-300`` (``150-no rise`` for an open end)."""
    return f"{format_days(ci[0])}-{format_days(ci[1])}"


def trend_details(trend: TrendEntry) -> str:
    """Which models, which window, and how many draws did not rise."""
    since, until = trend.window
    window = (
        ""
        if since is None and until is None
        else f", releases from {since or 'the first'} to {until or 'the last'}"
    )
    return (
        f"over {len(trend.aliases)} SOTA models ({', '.join(trend.aliases)}){window}; "
        f"SOTA chosen again in each draw; {trend.n_draws_not_rising} of {trend.n_draws_used} "
        "draws did not rise (kept)"
    )


def trend_start_rows(trend: TrendEntry) -> tuple[list[str], list[list[str]]]:
    """The start-date sensitivity table: the trend refitted from each later SOTA release."""
    headers = ["Start", "SOTA models", "Doubling (days)", "CI (days)"]
    fits: list[tuple[str, int, TrendEntry | TrendStartEntry]] = [
        (f"{trend.release_dates[0]} (all)", len(trend.aliases), trend)
    ]
    fits += [(row.start, row.n_models, row) for row in trend.by_start]
    rows = [
        [start, str(n_models), format_days(fit.doubling_days), _days_range(fit.doubling_ci)]
        for start, n_models, fit in fits
    ]
    return headers, rows


def comparison_rows(document: Leaderboard) -> tuple[list[str], list[list[str]]]:
    """Paired comparisons, each read as "A longer than B" (P >= 0.5), most certain first."""
    level = f"{document.method.confidence:.0%}"
    headers = ["A", "B", "P(A > B)", "p50 ratio A/B", f"{level} CI"]
    rows = []
    for c in sorted(document.comparisons, key=lambda c: -abs(_p(c) - 0.5)):
        a, b, p, ratio, (low, high) = c.alias_a, c.alias_b, _p(c), c.ratio, c.ratio_ci
        if p < 0.5:  # turned round: the longer horizon first
            a, b, p = b, a, 1.0 - p
            ratio, low, high = _inverse(ratio), _inverse(high), _inverse(low)
        p_text = "n/a" if c.p_a_longer is None else f"{p:.3f}"
        rows.append([a, b, p_text, _ratio(ratio), f"[{_ratio(low)}, {_ratio(high)}]"])
    return headers, rows


def _p(comparison: ComparisonEntry) -> float:
    return 0.5 if comparison.p_a_longer is None else comparison.p_a_longer


def _inverse(value: float | None) -> float | None:
    """1 / value; ``None`` (not finite) for 0 and for ``None`` (an unbounded ratio)."""
    return None if value is None or value == 0 else 1.0 / value


def _ratio(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3g}"


def draws_sentence(document: Leaderboard) -> str | None:
    """Which models lost bootstrap draws to non-convergence, or ``None`` when none did."""
    lost = [m for m in document.models if m.n_draws_not_converged]
    if not lost:
        return None
    counts = ", ".join(f"{m.alias} {m.n_draws_not_converged}" for m in lost)
    return (
        f"Bootstrap draws that did not converge, left out of the CIs (of "
        f"{document.method.bootstrap}): {counts}."
    )


def render_table(document: Leaderboard) -> str:
    """The leaderboard as aligned plain text for a terminal."""
    headers, rows = leaderboard_rows(document)
    widths = [max(len(r[i]) for r in [headers, *rows]) for i in range(len(headers))]
    lines = [
        "  ".join(cell.ljust(w) for cell, w in zip(r, widths, strict=True))
        for r in [headers, *rows]
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    unranked = unranked_sentence(document)
    if unranked is not None:
        lines += ["", unranked]
    trend = document.trend
    if trend is not None:
        sentence = trend_sentence(trend, document.method.confidence)
        lines += ["", f"{sentence} {trend_details(trend)}"]
    draws = draws_sentence(document)
    if draws is not None:
        lines += ["", draws]
    return "\n".join(line.rstrip() for line in lines) + "\n"


def shape_rows(document: Leaderboard) -> tuple[list[str], list[list[str]]]:
    """Per ranked model: the p50 under each link, its spread, the link CV prefers."""
    links = [s.link for s in next((m.curve_shapes for m in document.models), ())]
    headers = ["Model", *(f"p50 {link} (min)" for link in links), "Spread", "Best (CV log loss)"]
    rows = []
    for m in ranked(document):
        if not m.curve_shapes:
            continue
        p50s = [s.p50_minutes for s in m.curve_shapes]
        finite = [p for p in p50s if p is not None and p > 0]
        spread = f"{max(finite) / min(finite):.2f}x" if len(finite) == len(p50s) else "n/a"
        scored = [s for s in m.curve_shapes if s.cv_log_loss is not None]
        best = min(scored, key=lambda s: s.cv_log_loss or 0.0) if scored else None
        rows.append(
            [m.alias, *(format_minutes(p) for p in p50s), spread]
            + [f"{best.link} ({best.cv_log_loss:.4f})" if best and best.cv_log_loss else "n/a"]
        )
    return headers, rows


def family_rows(document: Leaderboard) -> tuple[list[str], list[list[str]]]:
    """Per-family p50s (shared-slope fit): one row per family, one column per ranked model."""
    models = [m for m in ranked(document) if m.family_horizons]
    families = sorted({f.family for m in models for f in m.family_horizons})
    headers = ["Family", *(m.alias for m in models)]
    rows = []
    for family in families:
        row = [family]
        for m in models:
            entry = next((f for f in m.family_horizons if f.family == family), None)
            row.append("" if entry is None else format_minutes(entry.p50_minutes))
        rows.append(row)
    return headers, rows
