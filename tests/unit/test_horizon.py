"""Statistics invariants: weights, logistic fit vs scikit-learn, bootstrap, bounds, seeds."""

import datetime as dt
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.linear_model import LogisticRegression

from harness.errors import InputError
from harness.horizon import (
    HorizonParams,
    Weighting,
    bootstrap_horizons,
    compute_weights,
    fit_horizons,
    fit_trend,
    horizon_minutes,
    sota_aliases,
)
from harness.runs import read_runs, validate_runs

DATA = Path(__file__).resolve().parents[1] / "data" / "runs"


def make_runs(rows: list[tuple[str, str, str, float, float]]) -> pd.DataFrame:
    """A validated runs table from (alias, task_id, family, human_minutes, score) rows."""
    table = pd.DataFrame(
        rows, columns=["alias", "task_id", "task_family", "human_minutes", "score"]
    )
    table["score_binarized"] = (table["score"] >= 0.5).astype(int)
    table["outcome"] = np.where(table["score_binarized"] == 1, "success", "failure")
    table["run_id"] = [f"r{i}" for i in range(len(table))]
    table["source"] = [f"test:{i}" for i in range(len(table))]
    return validate_runs(table)


def sklearn_fit(runs: pd.DataFrame, weights: np.ndarray, reg: float, partial: bool) -> tuple:
    """METR's fit (``utils/logistic.py``) with scikit-learn run to convergence."""
    x = np.log2(runs["human_minutes"].to_numpy())
    y = runs["score" if partial else "score_binarized"].to_numpy(dtype=float)
    # METR splits fractional scores into a weighted 0 row and a weighted 1 row.
    xs = np.concatenate([x, x])
    ys = np.concatenate([np.zeros_like(y), np.ones_like(y)])
    ws = np.concatenate([weights * (1 - y), weights * y])
    keep = ws > 0
    model = LogisticRegression(C=1 / reg, tol=1e-12, max_iter=100_000)
    model.fit(xs[keep, None], ys[keep], sample_weight=ws[keep])
    return model.coef_[0, 0], model.intercept_[0]


@pytest.fixture
def small() -> pd.DataFrame:
    return read_runs([DATA / "small.jsonl"])


@pytest.mark.parametrize("weighting", list(Weighting))
def test_weights_sum_to_one_per_alias(small: pd.DataFrame, weighting: Weighting) -> None:
    weights = pd.Series(compute_weights(small, weighting), index=small.index)
    assert np.allclose(weights.groupby(small["alias"]).sum(), 1.0, atol=1e-12)


def test_invsqrt_weights_by_hand(small: pd.DataFrame) -> None:
    a = small[small["alias"] == "model-a"]
    weights = compute_weights(a, "invsqrt")
    # model-a: fam1 has 2 tasks (t1: 2 runs, t2: 1 run), fam2 1 task (2 runs), fam3 2 tasks.
    raw = np.array([1 / (2 * 2**0.5)] * 2 + [1 / 2**0.5] + [1 / 2] * 2 + [1 / 2**0.5] * 2)
    np.testing.assert_allclose(weights, raw / raw.sum(), rtol=1e-12)


@pytest.mark.parametrize("regularization", [1e-5, 0.1])
@pytest.mark.parametrize("partial", [False, True])
def test_point_fit_matches_sklearn(regularization: float, partial: bool) -> None:
    rng = np.random.default_rng(3)
    minutes = np.exp2(rng.uniform(0, 9, 60))
    p = 1 / (1 + np.exp(-(2.0 - 0.6 * np.log2(minutes))))
    score = rng.random(60) if partial else (rng.random(60) < p).astype(float)
    rows = [("m", f"t{i}", f"f{i % 7}", float(minutes[i]), float(score[i])) for i in range(60)]
    runs = make_runs(rows)
    params = HorizonParams(regularization=regularization, n_bootstrap=0, partial_scores=partial)
    result = fit_horizons(runs, params, np.random.default_rng(0))
    coef, intercept = sklearn_fit(runs, compute_weights(runs, "invsqrt"), regularization, partial)
    model = result.models[0]
    assert model.coef == pytest.approx(coef, rel=1e-6)
    assert model.intercept == pytest.approx(intercept, rel=1e-6)
    assert model.horizon(50).minutes == pytest.approx(
        float(horizon_minutes(np.array(coef), np.array(intercept), 50)), rel=1e-6
    )


def test_all_fail_gives_zero(small: pd.DataFrame) -> None:
    result = fit_horizons(small, HorizonParams(n_bootstrap=50), np.random.default_rng(0))
    b = next(m for m in result.models if m.alias == "model-b")
    assert b.horizon(50).minutes == 0.0
    assert (b.horizon(80).ci_low, b.horizon(80).ci_high) == (0.0, 0.0)
    assert "all_failed" in b.flags and b.coef is None


def test_same_seed_same_result_other_seed_differs(small: pd.DataFrame) -> None:
    params = HorizonParams(n_bootstrap=200)
    one = fit_horizons(small, params, np.random.default_rng(7))
    two = fit_horizons(small, params, np.random.default_rng(7))
    three = fit_horizons(small, params, np.random.default_rng(8))
    np.testing.assert_array_equal(one.draws, two.draws)
    assert one.to_frame().equals(two.to_frame())
    assert not np.array_equal(one.draws, three.draws, equal_nan=True)


def test_bootstrap_draws_equal_fit_horizons_draws(small: pd.DataFrame) -> None:
    params = HorizonParams(n_bootstrap=100)
    draws = bootstrap_horizons(small, params, np.random.default_rng(1))
    result = fit_horizons(small, params, np.random.default_rng(1))
    np.testing.assert_array_equal(draws.horizons, result.draws)


def test_bootstrap_counts_are_hierarchical() -> None:
    """Runs resampled within (task, alias) as often as the task was picked, jointly."""
    rows = []
    for f in range(5):
        for t in range(f + 1):
            for alias, n in (("a", 2), ("b", 3)):
                rows += [
                    (alias, f"f{f}t{t}", f"f{f}", 2.0 ** (f + t), float(r % 2)) for r in range(n)
                ]
    runs = make_runs(rows)
    draws = bootstrap_horizons(runs, HorizonParams(n_bootstrap=300), np.random.default_rng(0))
    counts = pd.DataFrame(draws.counts.T)
    key = [draws.runs["task_id"], draws.runs["alias"]]
    per_cell = counts.groupby(key).sum()
    cell_size = draws.runs.groupby(["task_id", "alias"]).size()
    picks = per_cell.div(cell_size, axis=0)
    assert (picks == picks.round()).all().all()  # each task copy brings a full cell of runs
    # Both aliases see the same task multiplicities: the draw is joint across aliases.
    pd.testing.assert_frame_equal(picks.xs("a", level="alias"), picks.xs("b", level="alias"))
    # A family picked k times contributes k * (its task count) task picks.
    tasks = picks.xs("a", level="alias")
    family = tasks.index.str.extract(r"^(f\d)", expand=False)
    per_family = tasks.groupby(family.to_numpy()).sum()
    sizes = pd.Series({f"f{f}": f + 1 for f in range(5)})
    assert (per_family.div(sizes, axis=0) % 1 == 0).all().all()
    assert (per_family.div(sizes, axis=0).sum() == 5).all()  # 5 families picked per draw


def test_horizon_past_longest_task_is_a_lower_bound() -> None:
    rows = [("strong", f"t{i}", f"f{i}", float(m), 1.0) for i, m in enumerate([1, 2, 4, 8, 16, 32])]
    rows += [("strong", "t0", "f0", 1.0, 1.0), ("strong", "t5", "f5", 32.0, 0.0)]
    result = fit_horizons(make_runs(rows), HorizonParams(n_bootstrap=20), np.random.default_rng(0))
    model = result.models[0]
    assert model.horizon(50).minutes > 32
    assert model.horizon(50).bound == "above_suite_range"
    assert "above_suite_range" in model.flags
    codes = {w.code for w in result.warnings}
    assert {"above_suite_range", "few_tasks_near_horizon"} <= codes


def test_infra_errors_are_counted_not_fitted(small: pd.DataFrame) -> None:
    broken = small.iloc[:2].assign(outcome="infra_error", score=np.nan)
    runs = validate_runs(pd.concat([small, broken], ignore_index=True))
    params = HorizonParams(n_bootstrap=0)
    with_errors = fit_horizons(runs, params, np.random.default_rng(0)).models[0]
    without = fit_horizons(small, params, np.random.default_rng(0)).models[0]
    assert with_errors.n_infra_errors == 2 and with_errors.n_runs == without.n_runs
    assert with_errors.horizon(50).minutes == without.horizon(50).minutes


def test_exclude_alias_and_nothing_left(small: pd.DataFrame) -> None:
    params = HorizonParams(n_bootstrap=0, exclude_aliases=("model-b",))
    assert [m.alias for m in fit_horizons(small, params, np.random.default_rng(0)).models] == [
        "model-a"
    ]
    with pytest.raises(InputError, match="no success/failure runs"):
        fit_horizons(
            small,
            HorizonParams(exclude_aliases=("model-a", "model-b")),
            np.random.default_rng(0),
        )


def test_task_with_two_families_is_an_input_error() -> None:
    runs = make_runs([("a", "t", "f1", 5.0, 1.0), ("b", "t", "f2", 5.0, 0.0)])
    with pytest.raises(InputError, match=r"task 't': task_family: runs disagree"):
        fit_horizons(runs, HorizonParams(n_bootstrap=0), np.random.default_rng(0))


@pytest.mark.parametrize(
    "kwargs",
    [{"regularization": 0}, {"n_bootstrap": -1}, {"confidence": 1.0}, {"success_percents": (0,)}],
)
def test_params_are_validated(kwargs: dict[str, float]) -> None:
    with pytest.raises(ValueError, match=next(iter(kwargs))):
        HorizonParams(**kwargs)  # type: ignore[arg-type]


def test_calibration_ci_covers_true_p50() -> None:
    """Runs simulated from a known logistic curve: estimate near, CI covering, the truth."""
    true_p50, slope = 30.0, -0.7  # slope per doubling of human minutes
    rng = np.random.default_rng(2026)
    params = HorizonParams(n_bootstrap=200, weighting=Weighting.EQUAL)
    estimates, covered = [], 0
    for _ in range(100):
        minutes = np.exp2(rng.uniform(0, np.log2(960), 40))
        p = 1 / (1 + np.exp(-slope * (np.log2(minutes) - np.log2(true_p50))))
        rows = [
            ("m", f"t{t}", f"f{t // 2}", float(minutes[t]), float(rng.random() < p[t]))
            for t in range(40)
            for _ in range(6)
        ]
        model = fit_horizons(make_runs(rows), params, rng).models[0]
        h = model.horizon(50)
        estimates.append(h.minutes)
        covered += h.ci_low <= true_p50 <= h.ci_high
    assert math.exp(np.median(np.log(estimates))) == pytest.approx(true_p50, rel=0.1)
    assert covered >= 88, f"95% CI covered the true p50 in {covered}/100 repetitions"


def test_trend_recovers_doubling_time_over_sota_models() -> None:
    start = dt.date(2024, 1, 1)
    offsets = [0, 100, 200, 300, 150]
    aliases = ["m0", "m1", "m2", "m3", "laggard"]
    dates = {a: start + dt.timedelta(days=d) for a, d in zip(aliases, offsets, strict=True)}
    p50 = np.exp2(np.array(offsets) / 100.0)
    p50[4] = 1.0  # released after m1 but shorter horizon: not SOTA
    rng = np.random.default_rng(0)
    draws = p50 * np.exp(rng.normal(0, 0.05, (400, 5)))
    trend, warnings = fit_trend(
        [*aliases, "undated"], np.r_[p50, 5.0], np.c_[draws, draws[:, 0]], dates, 0.95
    )
    assert trend is not None
    assert trend.aliases == ("m0", "m1", "m2", "m3")
    assert trend.doubling_days == pytest.approx(100.0, rel=1e-9)
    assert trend.doubling_ci[0] < 100.0 < trend.doubling_ci[1]
    assert [w.code for w in warnings] == ["no_release_date"]


def test_sota_keeps_ties_on_the_same_day() -> None:
    day = dt.date(2024, 1, 1)
    later = dt.date(2024, 6, 1)
    got = sota_aliases(["a", "b", "c"], np.array([10.0, 10.0, 5.0]), [day, day, later])
    assert got == [0, 1]
