"""``leaderboard.md``: the leaderboard, diagnostics and warnings as Markdown.

Stage ``report``: rendering only, from the :class:`Leaderboard` document.
"""

import re

from ._document import Leaderboard
from ._table import (
    comparison_rows,
    draws_sentence,
    family_rows,
    leaderboard_rows,
    shape_rows,
    trend_details,
    trend_sentence,
    trend_start_rows,
    unranked_sentence,
)

_TAG_START = re.compile(r"<(?=[A-Za-z/!?])")


def _text(text: str) -> str:
    """A user string as Markdown text: on one line, no HTML tag let through.

    Only a ``<`` that could open a tag is escaped: bounds such as ``< 1`` stay readable.
    """
    return _TAG_START.sub("&lt;", " ".join(text.splitlines()))


def _table(headers: list[str], rows: list[list[str]]) -> list[str]:
    """A Markdown pipe table; every cell escaped, ``|`` too."""
    lines = ["| " + " | ".join(_text(h).replace("|", "\\|") for h in headers) + " |"]
    lines += ["|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(_text(cell).replace("|", "\\|") for cell in r) + " |" for r in rows]
    return lines


def _buckets(document: Leaderboard) -> list[str]:
    """Observed success rate per bucket of human minutes, one row per model."""
    labels = {b.min_minutes: b.label for m in document.models for b in m.success_by_bucket}
    edges = sorted(labels)
    headers = ["Model"] + [labels[e] for e in edges]
    rows = []
    for m in document.models:
        by_start = {b.min_minutes: b for b in m.success_by_bucket}
        rows.append(
            [m.alias]
            + [
                f"{by_start[e].success_rate:.2f} ({by_start[e].n_runs})" if e in by_start else ""
                for e in edges
            ]
        )
    return _table(headers, rows)


def render_markdown(document: Leaderboard) -> str:
    """The leaderboard page.

    Args:
        document: The leaderboard.

    Returns:
        Markdown text.
    """
    method = document.method
    lines = [
        "# Time-horizon leaderboard",
        "",
        f"Method: METR's weighted logistic regression of success on log2(human minutes), "
        f"`{method.weighting}` weights, regularization {method.regularization:g}, "
        f"{method.bootstrap} hierarchical bootstrap draws (families, tasks, runs; seed "
        f"{method.seed}), {method.confidence:.0%} CIs. "
        + (
            "An alias's separate runs are pooled. "
            if method.merge_runs
            else "An alias found in separate runs is estimated once per run. "
        )
        + f"horizon {document.harness_version}. Inputs: "
        + ", ".join(f"`{i}`" for i in document.inputs)
        + ".",
        "",
        "A horizon outside the tasks' human minutes (its estimate, or its whole CI) is shown "
        "as the bound the data support: `> N` means only a lower bound is supported, N being "
        "the CI's lower end or, beyond it, the longest task; `< N` likewise below. A CI end "
        "beyond the tasks is shown the same way. "
        f"*Tasks near p50*: tasks within a factor {method.near_horizon_factor:g} of the p50. "
        "*p50 corrected*: the p50 corrected for noise in the human-time labels (SIMEX, with "
        "CIs that redraw the labels; docs/statistics.md), beside METR's plain estimate.",
        "",
        *_table(*leaderboard_rows(document)),
    ]
    for sentence in (unranked_sentence(document), draws_sentence(document)):
        if sentence is not None:
            lines += ["", _text(sentence)]
    if document.comparisons:
        lines += [
            "",
            "## Paired comparisons",
            "",
            "Models that ran the same tasks share their bootstrap draws, so their difference "
            "is measured on the same resampled tasks. P(A > B): share of draws in which A's "
            "p50 exceeds B's.",
            "",
            *_table(*comparison_rows(document)),
        ]
    trend = document.trend
    if trend is not None:
        sentence = trend_sentence(trend, method.confidence)
        bold = sentence.replace("time: ", "time: **", 1).replace(" days", " days**", 1)
        lines += [
            "",
            "## Trend",
            "",
            f"{bold}, OLS of ln(p50) on release date {_text(trend_details(trend))}. Models whose "
            "p50 is only a bound are left out. Sensitivity to the start date:",
            "",
            *_table(*trend_start_rows(trend)),
        ]
    shape_headers, shapes = shape_rows(document)
    if shapes:
        lines += [
            "",
            "## Curve shape",
            "",
            "The p50 when success is fitted with other link functions of log2(human minutes), "
            "and each link's log loss on held-out task families (leave one family out; lower "
            "is better). A large spread means the p50 depends on the assumed curve.",
            "",
            *_table(shape_headers, shapes),
        ]
    family_headers, families = family_rows(document)
    if families:
        lines += [
            "",
            "## Per-family horizons",
            "",
            "p50 (min) per task family, from one logistic per model with a shared slope and "
            "each family's intercept shrunk towards the model's (a normal prior, SD 1 logit).",
            "",
            *_table(family_headers, families),
        ]
    lines += ["", "## Observed success per doubling of human time", "", "Success rate (runs)."]
    lines += ["", *_buckets(document)]
    if document.warnings:
        lines += ["", "## Warnings", ""]
        lines += [f"- `{w.code}`: {_text(w.message)}" for w in document.warnings]
    return "\n".join(lines) + "\n"
