"""Power of the CI gate: the smallest change in p50 a suite can detect (``horizon power``).

A lab wants to know, before trusting ``horizon compare``, whether its suite and epochs can see
a 1.3x change at all. By simulation from the suite's own task lengths and families: a baseline
agent with a logistic success curve (p50 = ``horizon``, slope typical of METR's fits) and a
candidate whose p50 is ``ratio`` times it, both run ``epochs`` times on every task; each
simulated pair goes through :func:`harness.compare.compare_pair`, and the power at a ratio is
the share of simulations judged ``regressed``. Pure: arrays in, numbers out.
"""

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from harness.compare import Verdict, compare_pair
from harness.horizon import HorizonParams
from harness.runs import validate_runs

DEFAULT_SLOPE = -0.55
"""Logit change per doubling of human minutes: METR's TH1.1 fits range -0.52 to -0.64."""

TARGET_POWER = 0.8


@dataclass(frozen=True)
class PowerPoint:
    """The gate's power against one true ratio."""

    ratio: float
    """True candidate p50 over baseline p50."""
    power: float
    """Share of simulations judged ``regressed``."""
    n_sims: int


def _runs(
    alias: str,
    p50: float,
    slope: float,
    minutes: np.ndarray,
    family: Sequence[str],
    epochs: int,
    rng: np.random.Generator,
) -> pd.DataFrame:
    """Simulated runs of one agent: ``epochs`` Bernoulli outcomes per task."""
    p = 1.0 / (1.0 + np.exp(-slope * (np.log2(minutes) - np.log2(p50))))
    success = rng.random((len(minutes), epochs)) < p[:, None]
    n = success.size
    table = pd.DataFrame(
        {
            "alias": alias,
            "task_id": np.repeat([f"t{i}" for i in range(len(minutes))], epochs),
            "task_family": np.repeat(list(family), epochs),
            "human_minutes": np.repeat(minutes, epochs),
            "score": success.ravel().astype(float),
        }
    )
    table["score_binarized"] = table["score"].astype(int)
    table["outcome"] = np.where(success.ravel(), "success", "failure")
    table["run_id"] = [f"{alias}{i}" for i in range(n)]
    table["source"] = "simulated"
    return table


def gate_power(
    minutes: np.ndarray,
    family: Sequence[str],
    epochs: int,
    horizon: float,
    ratios: Sequence[float],
    params: HorizonParams,
    rng: np.random.Generator,
    n_sims: int = 100,
    tolerance: float = 0.0,
    slope: float = DEFAULT_SLOPE,
) -> list[PowerPoint]:
    """The CI gate's power against each true ratio, by simulation.

    Args:
        minutes: Human minutes of each task of the suite, shape (n_tasks,).
        family: Family of each task.
        epochs: Runs per task and agent.
        horizon: The baseline's true p50, in minutes.
        ratios: True candidate/baseline p50 ratios to try (below 1: regressions).
        params: Estimation parameters of the gate (its bootstrap draws and confidence).
        rng: Source of randomness.
        n_sims: Simulated comparisons per ratio.
        tolerance: The gate's ``--tolerance``.
        slope: Logit change per doubling of human minutes of both agents.

    Returns:
        One point per ratio, in the order given.
    """
    points = []
    for ratio in ratios:
        regressed = 0
        for _ in range(n_sims):
            base = validate_runs(_runs("a", horizon, slope, minutes, family, epochs, rng))
            cand = validate_runs(_runs("a", horizon * ratio, slope, minutes, family, epochs, rng))
            result = compare_pair(base, cand, ("a", "a"), params, rng, tolerance)
            regressed += result.verdict is Verdict.REGRESSED
        points.append(PowerPoint(ratio, regressed / n_sims, n_sims))
    return points


def split_halves(runs: pd.DataFrame, rng: np.random.Generator) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Two disjoint random halves of each task's runs (the same agent on both sides)."""
    rank = runs.assign(_key=rng.random(len(runs))).groupby("task_id")["_key"].rank()
    first = (rank <= runs.groupby("task_id")["task_id"].transform("size") / 2).to_numpy()
    return runs[first], runs[~first]


def false_alarm_rate(
    runs: pd.DataFrame,
    alias: str,
    n_splits: int,
    params: HorizonParams,
    tolerance: float,
    seed: int = 0,
) -> float:
    """Share of random half-splits of one alias's runs that the gate calls ``regressed``.

    Both halves are the same agent, so every ``regressed`` is a false alarm; a one-sided 95%
    rule should raise about 2.5% of them.
    """
    mine = runs[runs["alias"] == alias].reset_index(drop=True)
    alarms = 0
    for split in range(n_splits):
        rng = np.random.default_rng([seed, split])
        first, second = split_halves(mine, rng)
        result = compare_pair(first, second, (alias, alias), params, rng, tolerance)
        alarms += result.verdict is Verdict.REGRESSED
    return alarms / n_splits


def detectable_ratio(points: Sequence[PowerPoint], target: float = TARGET_POWER) -> float | None:
    """The ratio closest to 1 whose power reaches ``target``; ``None`` if none does."""
    reached = [p.ratio for p in points if p.power >= target]
    return max(reached) if reached else None
