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
    Bound,
    Flag,
    HorizonParams,
    HorizonWarning,
    Trend,
    Weighting,
    bootstrap_horizons,
    compute_weights,
    fit_horizons,
    horizon_minutes,
    sota_aliases,
)
from harness.horizon._trend import TrendAccumulator, trend_models
from harness.runs import read_runs, validate_runs
from harness.suite import bucket_label

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
    assert one.to_frame().equals(two.to_frame())
    assert not one.to_frame().equals(three.to_frame())


@pytest.mark.parametrize("n_bootstrap", [100, 1000])
def test_streamed_cis_equal_quantiles_of_all_draws(small: pd.DataFrame, n_bootstrap: int) -> None:
    """fit_horizons keeps only the draws' tails; its CIs are exactly nanquantile of them all."""
    params = HorizonParams(n_bootstrap=n_bootstrap)
    draws = bootstrap_horizons(small, params, np.random.default_rng(1))
    result = fit_horizons(small, params, np.random.default_rng(1))
    for i, model in enumerate(result.models):
        for j, h in enumerate(model.horizons):
            column = draws.horizons[:, i, j]
            if "all_failed" in model.flags:
                continue
            want = np.nanquantile(np.minimum(column, np.finfo(float).max), [0.025, 0.975])
            assert (h.ci_low, h.ci_high) == pytest.approx(tuple(want), rel=1e-12)


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
    result = fit_horizons(make_runs(rows), HorizonParams(n_bootstrap=40), np.random.default_rng(0))
    model = result.models[0]
    assert model.horizon(50).minutes > 32
    assert model.horizon(50).bound == "above_suite_range"
    assert "above_suite_range" in model.flags
    codes = {w.code for w in result.warnings}
    assert codes == {Flag.ABOVE_SUITE_RANGE, Flag.FEW_TASKS_NEAR_P50}
    # Every flag on a model is explained by a warning about it.
    assert set(model.flags) == {w.code for w in result.warnings if w.alias == "strong"}


def test_infra_errors_are_counted_not_fitted(small: pd.DataFrame) -> None:
    broken = small.iloc[:2].assign(outcome="infra_error", score=np.nan, run_id=["e1", "e2"])
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
    [
        {"regularization": 0},
        {"n_bootstrap": -1},
        {"confidence": 1.0},
        {"success_percents": (0,)},
        {"max_iter": 0},
    ],
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


def fit_trend(
    aliases: list[str],
    p50: np.ndarray,
    draws: np.ndarray,
    dates: dict[str, dt.date],
    bounded: list[bool] | None = None,
    window: tuple[dt.date | None, dt.date | None] = (None, None),
) -> tuple[Trend | None, list[HorizonWarning]]:
    """The trend as the pipeline fits it: pick the models, then stream the draws in two chunks."""
    usable, warnings = trend_models(aliases, p50, bounded or [False] * len(aliases), dates, window)
    trend = TrendAccumulator(
        usable,
        [aliases[i] for i in usable],
        [dates[aliases[i]] for i in usable],
        p50[usable],
        len(draws),
        0.95,
        window,
    )
    trend.update(draws[: len(draws) // 3])
    trend.update(draws[len(draws) // 3 :])
    return trend.result(), warnings


TREND_START = dt.date(2024, 1, 1)


def trend_case(noise: float = 0.05) -> tuple[list[str], np.ndarray, np.ndarray, dict]:
    """Four SOTA models doubling every 100 days, a laggard, bootstrap-like draws."""
    offsets = [0, 100, 200, 300, 150]
    aliases = ["m0", "m1", "m2", "m3", "laggard"]
    dates = {a: TREND_START + dt.timedelta(days=d) for a, d in zip(aliases, offsets, strict=True)}
    p50 = np.exp2(np.array(offsets) / 100.0)
    p50[4] = 1.0  # released after m1 but shorter horizon: not SOTA
    draws = p50 * np.exp(np.random.default_rng(0).normal(0, noise, (400, 5)))
    return aliases, p50, draws, dates


def test_trend_recovers_doubling_time_over_sota_models() -> None:
    aliases, p50, draws, dates = trend_case()
    trend, warnings = fit_trend(
        [*aliases, "undated"], np.r_[p50, 5.0], np.c_[draws, draws[:, 0]], dates
    )
    assert trend is not None
    assert trend.aliases == ("m0", "m1", "m2", "m3")
    assert trend.doubling_days == pytest.approx(100.0, rel=1e-9)
    assert trend.doubling_ci[0] < 100.0 < trend.doubling_ci[1]
    assert trend.n_draws_used == 400 and trend.n_draws_not_rising == 0
    assert [w.code for w in warnings] == ["no_release_date"]
    # From m1 on there are still three SOTA models: one sensitivity row, same doubling.
    [row] = trend.by_start
    assert (row.start, row.n_models) == (dates["m1"], 3)
    assert row.doubling_days == pytest.approx(100.0, rel=1e-9)


def test_trend_leaves_out_bounded_p50s() -> None:
    """A p50 that is only a bound is not a point: fitting it would distort the slope."""
    aliases, p50, draws, dates = trend_case()
    p50[0] = draws[:, 0] = 0.01  # far below its tasks: an extrapolated bound
    bounded = [True, False, False, False, False]
    trend, warnings = fit_trend(aliases, p50, draws, dates, bounded)
    assert trend is not None and trend.aliases == ("m1", "m2", "m3")
    assert trend.doubling_days == pytest.approx(100.0, rel=1e-9)
    assert [(w.code, w.alias) for w in warnings] == [("trend_bounded_p50", "m0")]
    fitted_as_point, _ = fit_trend(aliases, p50, draws, dates)
    assert fitted_as_point is not None and fitted_as_point.doubling_days < 50


def test_trend_window_limits_the_release_dates() -> None:
    aliases, p50, draws, dates = trend_case()
    p50[3] = draws[:, 3] = 1.0e4  # an outlier released last
    window = (None, dates["m2"])
    trend, _ = fit_trend(aliases, p50, draws, dates, window=window)
    assert trend is not None and trend.aliases == ("m0", "m1", "m2")
    assert trend.window == window
    assert trend.doubling_days == pytest.approx(100.0, rel=1e-9)


def test_trend_keeps_and_counts_draws_that_do_not_rise() -> None:
    """Noisy draws: in some no later model beats the first. METR drops those draws; kept, as
    slope 0, the doubling time's upper end opens."""
    aliases, p50, draws, dates = trend_case(noise=1.5)
    trend, _ = fit_trend(aliases, p50, draws, dates)
    assert trend is not None and trend.n_draws_used == 400
    days = np.array([dates[a].toordinal() for a in aliases], dtype=float)
    order = np.argsort(days)
    slopes = []
    for row in draws[:, order]:  # the SOTA set chosen again in each draw
        sota = row >= np.maximum.accumulate(row)
        rising = len(set(days[order][sota])) > 1
        slopes.append(np.polyfit(days[order][sota], np.log(row[sota]), 1)[0] if rising else 0.0)
    assert trend.n_draws_not_rising == sum(s <= 0 for s in slopes) > 10
    low, high = np.quantile(slopes, [0.025, 0.975])
    assert low == 0.0
    assert trend.doubling_ci == (pytest.approx(math.log(2) / high, rel=1e-9), math.inf)


def test_sota_keeps_ties_on_the_same_day() -> None:
    day = dt.date(2024, 1, 1)
    later = dt.date(2024, 6, 1)
    got = sota_aliases(["a", "b", "c"], np.array([10.0, 10.0, 5.0]), [day, day, later])
    assert got == [0, 1]


def simulated_runs(seed: int = 5) -> pd.DataFrame:
    """30 tasks, 3 runs each, from a logistic curve with p50 = 30 min."""
    rng = np.random.default_rng(seed)
    minutes = np.exp2(rng.uniform(0, 9, 30))
    p = 1 / (1 + np.exp(-0.7 * (np.log2(30) - np.log2(minutes))))
    return make_runs(
        [
            ("m", f"t{t}", f"f{t // 2}", float(minutes[t]), float(rng.random() < p[t]))
            for t in range(30)
            for _ in range(3)
        ]
    )


def test_draws_that_did_not_converge_are_counted_and_left_out_of_the_ci() -> None:
    runs = simulated_runs()
    # Six Newton steps: enough for the observed data, not for every bootstrap draw.
    params = HorizonParams(n_bootstrap=200, regularization=0.1, max_iter=6)
    result = fit_horizons(runs, params, np.random.default_rng(0))
    draws = bootstrap_horizons(runs, params, np.random.default_rng(0))
    [model] = result.models
    fitted = draws.fitted[:, 0]
    not_converged = ~np.isnan(draws.coef[:, 0]) & ~fitted
    assert model.n_draws_not_converged == int(not_converged.sum()) == 98
    assert model.n_draws_single_class == 0
    # The CI is the quantiles of the converged draws only...
    raw = horizon_minutes(draws.coef[:, 0], draws.intercept[:, 0], 50)
    low, high = np.quantile(raw[fitted], [0.025, 0.975])
    assert model.horizon(50).ci_low == pytest.approx(low, rel=1e-12)
    assert model.horizon(50).ci_high == pytest.approx(high, rel=1e-12)
    # ...which differs from mixing the unconverged ones in.
    assert not np.allclose(np.quantile(raw[~np.isnan(raw)], [0.025, 0.975]), [low, high])
    assert np.isnan(draws.horizons[not_converged, 0, :]).all()
    assert model.flags == (Flag.DRAWS_NOT_CONVERGED,)  # the point fit itself converged
    [warning] = result.warnings
    assert warning.code == Flag.DRAWS_NOT_CONVERGED
    assert warning.message.startswith("m: 98 of 200 bootstrap draws did not converge")
    assert result.n_draws_not_converged == 98


def test_default_solver_converges_on_every_draw() -> None:
    result = fit_horizons(
        simulated_runs(), HorizonParams(n_bootstrap=200), np.random.default_rng(0)
    )
    assert result.models[0].n_draws_not_converged == 0
    assert Flag.DRAWS_NOT_CONVERGED not in result.models[0].flags


def test_point_fit_that_did_not_converge_is_flagged() -> None:
    params = HorizonParams(n_bootstrap=0, max_iter=2)
    [model] = fit_horizons(simulated_runs(), params, np.random.default_rng(0)).models
    assert Flag.NOT_CONVERGED in model.flags


def two_runs(first: str = "monday", second: str = "tuesday") -> pd.DataFrame:
    """Alias m in two runs (the second stronger) and alias n in the first only."""
    rows = []
    for run, name, p_short, p_long in (("k1", first, 0.8, 0.2), ("k2", second, 1.0, 0.6)):
        for t in range(12):
            minutes = 2.0 ** (t % 8)
            score = float((t * 7919) % 10 < 10 * (p_short if minutes < 16 else p_long))
            rows.append(("m", f"t{t}", f"f{t % 4}", minutes, score, run, name))
    for t in range(12):
        rows.append(("n", f"t{t}", f"f{t % 4}", 2.0 ** (t % 8), float(t % 3 == 0), "k1", first))
    table = pd.DataFrame(
        rows,
        columns=[
            "alias",
            "task_id",
            "task_family",
            "human_minutes",
            "score",
            "run_key",
            "run_name",
        ],
    )
    table["score_binarized"] = table["score"].astype(int)
    table["outcome"] = np.where(table["score_binarized"] == 1, "success", "failure")
    table["run_id"] = [f"r{i}" for i in range(len(table))]
    table["source"] = [f"test:{i}" for i in range(len(table))]
    return validate_runs(table)


def test_an_alias_in_two_runs_is_estimated_per_run_by_default() -> None:
    runs = two_runs()
    result = fit_horizons(runs, HorizonParams(n_bootstrap=0), np.random.default_rng(0))
    assert [(m.alias, m.n_runs) for m in result.models] == [
        ("m [monday]", 12),
        ("m [tuesday]", 12),
        ("n", 12),
    ]
    [warning] = [w for w in result.warnings if w.code == Flag.RUNS_KEPT_APART]
    assert warning.alias == "m"
    assert warning.message == (
        "m: found in 2 separate runs, estimated apart as 'm [monday]', 'm [tuesday]'. To pool "
        "them into one estimate, set merge_runs (`horizon report --merge-runs`)."
    )
    # Each run's model is the fit of that run's rows alone.
    alone = fit_horizons(
        runs[runs["run_key"] == "k1"], HorizonParams(n_bootstrap=0), np.random.default_rng(0)
    )
    assert result.models[0].horizon(50) == alone.models[0].horizon(50)


def test_merge_runs_pools_an_alias() -> None:
    runs = two_runs()
    params = HorizonParams(n_bootstrap=0, merge_runs=True)
    result = fit_horizons(runs, params, np.random.default_rng(0))
    assert [(m.alias, m.n_runs) for m in result.models] == [("m", 24), ("n", 12)]
    assert Flag.RUNS_KEPT_APART not in {w.code for w in result.warnings}
    pooled = fit_horizons(
        runs.assign(run_key="one"), HorizonParams(n_bootstrap=0), np.random.default_rng(0)
    )
    assert result.models[0].horizon(50) == pooled.models[0].horizon(50)


def test_runs_with_one_name_are_told_apart_by_their_key() -> None:
    result = fit_horizons(
        two_runs("core", "core"), HorizonParams(n_bootstrap=0), np.random.default_rng(0)
    )
    assert [m.alias for m in result.models] == ["m [core k1]", "m [core k2]", "n"]


def test_excluding_an_alias_excludes_all_its_runs() -> None:
    params = HorizonParams(n_bootstrap=0, exclude_aliases=("m",))
    result = fit_horizons(two_runs(), params, np.random.default_rng(0))
    assert [m.alias for m in result.models] == ["n"]
    assert Flag.RUNS_KEPT_APART not in {w.code for w in result.warnings}


def test_runs_kept_apart_take_their_alias_release_date() -> None:
    dates = {"m": dt.date(2024, 1, 1), "n": dt.date(2023, 1, 1)}
    result = fit_horizons(
        two_runs(), HorizonParams(n_bootstrap=40), np.random.default_rng(0), release_dates=dates
    )
    assert Flag.NO_RELEASE_DATE not in {w.code for w in result.warnings}


def test_success_by_bucket_uses_the_suite_buckets_below_a_minute() -> None:
    minutes = [0.2, 0.5, 0.9, 1.0, 1.5, 3.0, 700.0]
    rows = [("m", f"t{i}", f"f{i}", m, float(i % 2)) for i, m in enumerate(minutes)]
    [model] = fit_horizons(
        make_runs(rows), HorizonParams(n_bootstrap=0), np.random.default_rng(0)
    ).models
    got = [(b.label, b.min_minutes, b.max_minutes, b.n_runs) for b in model.success_by_bucket]
    assert got == [
        ("<1", 0.0, 1.0, 3),
        ("[1,2)", 1.0, 2.0, 2),
        ("[2,4)", 2.0, 4.0, 1),
        ("[512,1024)", 512.0, 1024.0, 1),
    ]
    # The same labels the suite tables and the run summary use.
    assert [b.label for b in model.success_by_bucket] == list(
        dict.fromkeys(bucket_label(m) for m in minutes)
    )


@pytest.mark.parametrize("flag", list(Flag))
def test_every_flag_owns_a_message(flag: Flag) -> None:
    facts = {
        "percent": 50,
        "shortest": 1.0,
        "longest": 960.0,
        "slope": 0.2,
        "max_iter": 200,
        "n_near": 2,
        "factor": 4.0,
        "p50": 30.0,
        "n_draws": 3,
        "n_bootstrap": 1000,
        "n_runs": 2,
        "labels": "'m [a]', 'm [b]'",
        "n_sota": 1,
        "rate": 0.3,
        "others": 0.01,
        "p_value": 1e-6,
        "value": 400.0,
        "n_tasks": 1,
        "n_lengths": 1,
        "min_lengths": 2,
        "examples": "t1, t2",
    }
    warning = flag.warn("m", **facts)
    assert warning.code is flag and warning.alias == "m"
    assert warning.message.endswith(".") and "{" not in warning.message


def test_bounds_are_flags() -> None:
    assert {b.value for b in Bound} <= {f.value for f in Flag}
    assert Bound.ABOVE_SUITE_RANGE.flag is Flag.ABOVE_SUITE_RANGE


def test_infra_rate_outliers_flags_only_a_real_gap() -> None:
    from harness.horizon._diagnostics import infra_rate_outliers

    # 30 of 100 vs 2 of 200: flagged (the others' lower rate is not); 3 of 100 vs 5 of 200:
    # not (below the 5-point gap).
    [outlier] = infra_rate_outliers({"a": (30, 100), "b": (1, 100), "c": (1, 100)})
    assert outlier.alias == "a" and outlier.p_value < 1e-6
    assert infra_rate_outliers({"a": (3, 100), "b": (2, 100), "c": (3, 100)}) == []
    assert infra_rate_outliers({"a": (0, 0), "b": (5, 100)}) == []


def test_a_model_whose_runs_error_more_often_is_flagged_with_its_buckets() -> None:
    rng = np.random.default_rng(0)
    rows = []
    for alias in ("steady", "breaker"):
        for task in range(20):
            minutes = float(2 ** (task % 8))
            for _ in range(4):
                rows.append((alias, f"t{task}", f"f{task % 5}", minutes, float(rng.random() < 0.5)))
    runs = make_runs(rows)
    # The breaker's runs on long tasks end as infra errors: its failures would vanish.
    errored = (runs["alias"] == "breaker") & (runs["human_minutes"] >= 32)
    runs.loc[errored, "outcome"] = "infra_error"
    result = fit_horizons(runs, HorizonParams(n_bootstrap=40), np.random.default_rng(1))
    breaker = next(m for m in result.models if m.alias == "breaker")
    steady = next(m for m in result.models if m.alias == "steady")
    assert Flag.SELECTIVE_INFRA_ERRORS in breaker.flags
    assert Flag.SELECTIVE_INFRA_ERRORS not in steady.flags
    assert dict(breaker.infra_errors_by_bucket) == {"[32,64)": 8, "[64,128)": 8, "[128,256)": 8}
    assert any(w.code == Flag.SELECTIVE_INFRA_ERRORS for w in result.warnings)


def _two_model_runs(seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    rows = []
    for alias in ("m1", "m2"):
        for task in range(24):
            minutes = float(2 ** (task % 8))
            success = rng.random() < 1 / (1 + minutes / 8)
            rows += [(alias, f"t{task}", f"f{task % 6}", minutes, float(success))] * 2
    return make_runs(rows)


def test_runs_of_two_versions_of_a_suite_are_never_fitted_together() -> None:
    runs = _two_model_runs().assign(suite="core", suite_version="2.0")
    runs.loc[runs["alias"] == "m2", "suite_version"] = "1.0"
    with pytest.raises(InputError, match=r"suite 'core': runs at versions 1.0, 2.0"):
        fit_horizons(runs, HorizonParams(n_bootstrap=40), np.random.default_rng(0))


def test_the_report_counts_baselined_tasks_near_each_p50() -> None:
    runs = _two_model_runs()
    baselined = {"t3", "t11", "t19", "t0"}  # 8, 8, 8 and 1 minutes
    runs["human_source"] = np.where(runs["task_id"].isin(baselined), "baseline", "estimate")
    result = fit_horizons(runs, HorizonParams(n_bootstrap=40), np.random.default_rng(0))
    for model in result.models:
        p50 = model.horizon(50).minutes
        expected = sum(p50 / 4 <= m <= p50 * 4 for m in (8.0, 8.0, 8.0, 1.0))
        assert model.n_baselined_near_p50 == expected
        assert model.n_tasks_near_p50 >= expected
    without = fit_horizons(
        _two_model_runs(), HorizonParams(n_bootstrap=40), np.random.default_rng(0)
    )
    assert all(m.n_baselined_near_p50 is None for m in without.models)


@pytest.mark.parametrize(
    ("n_success", "minutes", "bound"),
    [(2, 0.0, Bound.BELOW_SUITE_RANGE), (23, math.inf, Bound.ABOVE_SUITE_RANGE)],
)
def test_a_zero_slope_puts_the_horizon_on_the_side_of_the_success_rate(
    n_success: int, minutes: float, bound: Bound
) -> None:
    """Every task of one length gives a zero slope: 8% success is below the suite, not above."""
    rows = [("a", f"t{i}", f"f{i % 5}", 30.0, 1.0 if i < n_success else 0.0) for i in range(25)]
    result = fit_horizons(make_runs(rows), HorizonParams(n_bootstrap=0), np.random.default_rng(0))
    [model] = result.models
    assert model.coef == 0
    assert (model.horizon(50).minutes, model.horizon(50).bound) == (minutes, bound)
    assert Flag.POSITIVE_SLOPE in {w.code for w in result.warnings}


def two_agents_on(tasks: int, seed: int, aliases: tuple[str, ...]) -> list[tuple]:
    """Rows for ``aliases`` on the same ``tasks`` tasks (p50 about 30 and 8 minutes)."""
    rng = np.random.default_rng(seed)
    minutes = np.exp2(rng.uniform(0, 9, tasks))
    rows = []
    for alias, p50 in zip(aliases, (30.0, 8.0), strict=False):
        p = 1 / (1 + np.exp(-0.8 * (np.log2(minutes) - np.log2(p50))))
        rows += [
            (
                alias,
                f"s{seed}t{t}",
                f"s{seed}f{t // 3}",
                float(minutes[t]),
                float(rng.random() > p[t]),
            )
            for t in range(tasks)
            for _ in range(3)
        ]
    return rows


def test_a_models_ci_does_not_depend_on_the_other_models_in_the_file() -> None:
    """Issue 13: adding an agent (on other tasks, or on the same ones) moved another's CI."""
    params = HorizonParams(n_bootstrap=300)
    alone = make_runs(two_agents_on(24, 1, ("a",)))
    others = two_agents_on(10, 2, ("x",)) + two_agents_on(24, 1, ("b",))

    def ci(rows: pd.DataFrame) -> tuple[float, float]:
        model = next(m for m in fit_horizons(rows, params, np.random.default_rng(0)).models)
        assert model.alias == "a"
        return model.horizon(50).ci_low, model.horizon(50).ci_high

    assert ci(make_runs(two_agents_on(24, 1, ("a",)) + others)) == ci(alone)


def test_models_on_the_same_tasks_are_compared_over_paired_draws() -> None:
    rows = two_agents_on(30, 3, ("long", "short")) + two_agents_on(12, 4, ("elsewhere",))
    result = fit_horizons(make_runs(rows), HorizonParams(n_bootstrap=400), np.random.default_rng(0))
    [pair] = result.comparisons  # "elsewhere" ran other tasks: no paired draws with it
    assert (pair.alias_a, pair.alias_b) == ("long", "short")
    p50 = {m.alias: m.horizon(50).minutes for m in result.models}
    assert pair.ratio == pytest.approx(p50["long"] / p50["short"])
    assert pair.ratio_ci[0] < pair.ratio < pair.ratio_ci[1]
    assert pair.p_a_longer > 0.95 and pair.n_draws == 400
    # The same pair the other way round: the complement.
    swapped = make_runs([("a_" + r[0], *r[1:]) if r[0] == "short" else r for r in rows])
    [back] = fit_horizons(
        swapped, HorizonParams(n_bootstrap=400), np.random.default_rng(0)
    ).comparisons
    assert back.alias_a == "a_short" and back.p_a_longer < 0.05


@pytest.mark.parametrize(
    ("minutes", "ci", "want"),
    [
        (30.0, (10.0, 90.0), None),
        # Estimate beyond the tasks, CI reaching into them: the bound is the CI's end.
        (1000.0, (400.0, 5e4), (Bound.ABOVE_SUITE_RANGE, 400.0)),
        (0.5, (1e-5, 3.0), (Bound.BELOW_SUITE_RANGE, 3.0)),
        # No CI, or a CI beyond the tasks too: the task range's end.
        (1000.0, (math.nan, math.nan), (Bound.ABOVE_SUITE_RANGE, 960.0)),
        (0.0, (0.0, 0.0), (Bound.BELOW_SUITE_RANGE, 2.0)),
        # An estimate inside the tasks whose whole CI lies beyond them is a bound too.
        (2.5, (1e-3, 1.5), (Bound.BELOW_SUITE_RANGE, 2.0)),
        (900.0, (970.0, 1e4), (Bound.ABOVE_SUITE_RANGE, 960.0)),
    ],
)
def test_bounds_are_decided_and_stated_from_the_ci(
    minutes: float, ci: tuple[float, float], want: tuple[Bound, float] | None
) -> None:
    from harness.horizon._diagnostics import suite_bound

    assert suite_bound(minutes, ci, 2.0, 960.0) == want


def test_a_single_run_is_listed_but_not_ranked() -> None:
    rows = [("one", "t0", "f0", 30.0, 1.0), ("many", "t1", "f1", 2.0, 1.0)]
    rows += [("many", f"t{i}", f"f{i}", 2.0**i, float(i < 4)) for i in range(1, 9)]
    result = fit_horizons(make_runs(rows), HorizonParams(n_bootstrap=100), np.random.default_rng(0))
    flags = {m.alias: m.flags for m in result.models}
    assert Flag.TOO_FEW_TASKS in flags["one"] and Flag.TOO_FEW_TASKS not in flags["many"]
