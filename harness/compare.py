"""Compare stage: two leaderboards -> did the candidate regress (``horizon compare``)?

The rule is deliberately conservative, so a CI gate does not fail on noise: the candidate has
regressed on an alias when its whole p50 confidence interval lies below the baseline's p50
estimate, lowered by ``max_drop`` (the share of the horizon you are willing to lose). A horizon
reported only as a bound (beyond the suite's range) counts as that bound: above the longest
task -> estimate at the longest task and no upper limit; below the shortest -> at most the
shortest task.
"""

import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from harness.errors import InputError

LEADERBOARD = "leaderboard.json"


@dataclass(frozen=True)
class Interval:
    """A p50 estimate with its CI, in minutes."""

    estimate: float
    low: float
    high: float


@dataclass(frozen=True)
class Comparison:
    """One alias compared."""

    baseline_alias: str
    candidate_alias: str
    baseline: Interval
    candidate: Interval
    regressed: bool


def read_leaderboard(path: Path) -> dict[str, Any]:
    """A ``leaderboard.json`` (or a report folder holding one).

    Raises:
        InputError: Missing, not JSON, or not a horizon leaderboard.
    """
    file = path / LEADERBOARD if path.is_dir() else path
    try:
        document = json.loads(file.read_text())
    except (OSError, json.JSONDecodeError) as err:
        raise InputError(
            f"{file}: cannot read the leaderboard ({err}). Pass a leaderboard.json or the "
            "folder `horizon report --out` wrote."
        ) from err
    if not isinstance(document, dict) or not isinstance(document.get("models"), list):
        raise InputError(f"{file}: not a horizon leaderboard (no `models` list).")
    return document


def p50_interval(model: dict[str, Any]) -> Interval:
    """The model's p50 as an interval, bounds turned into intervals (see module docstring)."""
    bound = (model.get("bounds") or {}).get("p50")
    if bound == "above_suite_range":
        return Interval(
            float(model["longest_task_minutes"]), float(model["longest_task_minutes"]), math.inf
        )
    if bound == "below_suite_range":
        return Interval(0.0, 0.0, float(model["shortest_task_minutes"]))
    low, high = model["p50_ci"]
    estimate = float(model["p50_minutes"])
    return Interval(
        estimate,
        float(low if low is not None else estimate),
        float(high if high is not None else estimate),
    )


def compare_leaderboards(
    baseline: dict[str, Any], candidate: dict[str, Any], *, max_drop: float = 0.0
) -> list[Comparison]:
    """Compare aliases present in both; if none are, and each holds one model, those two.

    Raises:
        InputError: Nothing to compare.
    """
    base = {m["alias"]: m for m in baseline["models"]}
    cand = {m["alias"]: m for m in candidate["models"]}
    pairs = [(a, a) for a in base if a in cand]
    if not pairs and len(base) == 1 and len(cand) == 1:
        pairs = [(next(iter(base)), next(iter(cand)))]
    if not pairs:
        raise InputError(
            f"no alias in both leaderboards (baseline: {', '.join(base) or 'none'}; candidate: "
            f"{', '.join(cand) or 'none'}). Compare reports of the same agents, or one each."
        )
    results = []
    for base_alias, cand_alias in pairs:
        b, c = p50_interval(base[base_alias]), p50_interval(cand[cand_alias])
        regressed = c.high < b.estimate * (1.0 - max_drop)
        results.append(Comparison(base_alias, cand_alias, b, c, regressed))
    return results
