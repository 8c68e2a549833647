"""``leaderboard.md``: the leaderboard, diagnostics and warnings as Markdown.

Stage ``report``: rendering only.
"""

from collections.abc import Sequence

from harness import __version__
from harness.horizon import NEAR_HORIZON_FACTOR, HorizonResult

from ._table import format_minutes, leaderboard_rows


def _table(headers: list[str], rows: list[list[str]]) -> list[str]:
    """A Markdown pipe table."""
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(cell.replace("|", "\\|") for cell in r) + " |" for r in rows]
    return lines


def _buckets(result: HorizonResult) -> list[str]:
    """Observed success rate per doubling of human minutes, one row per model."""
    edges = sorted({b.min_minutes for m in result.models for b in m.success_by_bucket})
    headers = ["Model"] + [f"{format_minutes(e)}-{format_minutes(2 * e)}" for e in edges]
    rows = []
    for m in result.models:
        by_start = {b.min_minutes: b for b in m.success_by_bucket}
        rows.append(
            [m.alias]
            + [
                f"{by_start[e].success_rate:.2f} ({by_start[e].n_runs})" if e in by_start else ""
                for e in edges
            ]
        )
    return _table(headers, rows)


def render_markdown(result: HorizonResult, *, seed: int | None, inputs: Sequence[str]) -> str:
    """The leaderboard page.

    Args:
        result: The estimate.
        seed: Seed of the bootstrap's generator.
        inputs: The input paths, as given.

    Returns:
        Markdown text.
    """
    p = result.params
    lines = [
        "# Time-horizon leaderboard",
        "",
        f"Method: METR's weighted logistic regression of success on log2(human minutes), "
        f"`{p.weighting.value}` weights, regularization {p.regularization:g}, "
        f"{p.n_bootstrap} hierarchical bootstrap draws (families, tasks, runs; seed {seed}), "
        f"{p.confidence:.0%} CIs. horizon {__version__}. Inputs: "
        + ", ".join(f"`{i}`" for i in inputs)
        + ".",
        "",
        "A horizon outside the tasks' human minutes is shown as a bound: `> N` means the "
        "estimate exceeds the longest task (N min), so only a lower bound is supported; "
        "`< N`, that it is below the shortest. "
        f"*Tasks near p50*: tasks within a factor {NEAR_HORIZON_FACTOR:g} of the p50.",
        "",
        *_table(*leaderboard_rows(result)),
    ]
    if result.trend is not None:
        t = result.trend
        lines += [
            "",
            "## Trend",
            "",
            f"p50 doubling time: **{t.doubling_days:.0f} days** ({p.confidence:.0%} CI "
            f"{t.doubling_ci[0]:.0f}-{t.doubling_ci[1]:.0f}), OLS of ln(p50) on release date over "
            f"the SOTA models: " + ", ".join(t.aliases) + ".",
        ]
    lines += ["", "## Observed success per doubling of human time", "", "Success rate (runs)."]
    lines += ["", *_buckets(result)]
    if result.warnings:
        lines += ["", "## Warnings", ""]
        lines += [f"- `{w.code}`: {w.message}" for w in result.warnings]
    return "\n".join(lines) + "\n"
