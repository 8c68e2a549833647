"""``leaderboard.json``: the estimate as one JSON document.

Stage ``report``: rendering only. Keys of issue #3 are kept as they are; more may be added.
Non-finite numbers become ``null`` (JSON has no inf/NaN); the flags say why.
"""

import json
import math
from collections.abc import Sequence
from dataclasses import asdict
from typing import Any

from harness import __version__
from harness.horizon import HorizonResult, ModelHorizons

SCHEMA_VERSION = 1
"""Bumped when a key changes meaning or disappears; adding keys does not bump it."""


def _number(value: float | None) -> float | None:
    """A JSON-safe number: ``None`` for NaN and infinities."""
    return None if value is None or not math.isfinite(value) else float(value)


def _model(m: ModelHorizons) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "alias": m.alias,
        "n_runs": m.n_runs,
        "n_tasks": m.n_tasks,
        "n_infra_errors": m.n_infra_errors,
        "n_unscored": m.n_unscored,
        "average_score": _number(m.average_score),
        "coef": _number(m.coef),
        "intercept": _number(m.intercept),
    }
    for h in m.horizons:
        doc[f"p{h.percent}_minutes"] = _number(h.minutes)
        doc[f"p{h.percent}_ci"] = [_number(h.ci_low), _number(h.ci_high)]
    doc["bounds"] = {f"p{h.percent}": h.bound for h in m.horizons}
    doc["flags"] = list(m.flags)
    doc["shortest_task_minutes"] = m.shortest_task_minutes
    doc["longest_task_minutes"] = m.longest_task_minutes
    doc["n_tasks_near_p50"] = m.n_tasks_near_p50
    doc["success_by_bucket"] = [asdict(b) for b in m.success_by_bucket]
    return doc


def to_document(
    result: HorizonResult, *, seed: int | None, inputs: Sequence[str]
) -> dict[str, Any]:
    """The leaderboard as a JSON-ready dict.

    Args:
        result: The estimate.
        seed: Seed of the bootstrap's generator, recorded so the numbers can be reproduced.
        inputs: The input paths, as given.

    Returns:
        A dict with ``schema_version``, ``harness_version``, ``method``, ``inputs``,
        ``models``, ``trend`` and ``warnings``.
    """
    p = result.params
    trend = result.trend
    return {
        "schema_version": SCHEMA_VERSION,
        "harness_version": __version__,
        "method": {
            "regularization": p.regularization,
            "weighting": p.weighting.value,
            "bootstrap": p.n_bootstrap,
            "seed": seed,
            "confidence": p.confidence,
            "percents": list(p.percents),
            "partial_scores": p.partial_scores,
            "excluded_aliases": list(p.exclude_aliases),
        },
        "inputs": list(inputs),
        "models": [_model(m) for m in result.models],
        "trend": None
        if trend is None
        else {
            "doubling_days": _number(trend.doubling_days),
            "doubling_ci": [_number(trend.doubling_ci[0]), _number(trend.doubling_ci[1])],
            "aliases": list(trend.aliases),
            "release_dates": [d.isoformat() for d in trend.release_dates],
            "n_draws_used": trend.n_draws_used,
        },
        "warnings": [asdict(w) for w in result.warnings],
    }


def render_json(result: HorizonResult, *, seed: int | None, inputs: Sequence[str]) -> str:
    """:func:`to_document` serialised, indented, strictly valid JSON."""
    return json.dumps(to_document(result, seed=seed, inputs=inputs), indent=2, allow_nan=False)
