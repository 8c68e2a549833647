"""Human-time uncertainty: SIMEX correction, per-model draws, resampling levels, shapes."""

import dataclasses

import numpy as np
import pandas as pd
import pytest

from harness.horizon import HorizonParams, fit_horizons, fit_logistic
from harness.horizon._checks import scored_runs
from harness.horizon._design import Design
from harness.horizon._label_noise import (
    LABEL_SIGMAS,
    LabelNoiseParams,
    _ModelDraws,
    extrapolation_weights,
    few_families_factor,
    label_noise_horizons,
    label_sigmas,
    simex_fit,
)
from harness.runs import validate_runs


def simulated(
    seed: int,
    aliases: tuple[str, ...] = ("a", "b"),
    n_tasks: int = 40,
    label_sd: float = 0.0,
    source: str = "baseline",
) -> pd.DataFrame:
    """A validated runs table: true p50 ~ 30 min, slope -1, 4 runs a task, families of 4."""
    rng = np.random.default_rng(seed)
    x_true = rng.uniform(0, 10, n_tasks)
    label = np.exp2(x_true + rng.normal(0, label_sd, n_tasks) / np.log(2))
    rows = []
    for k, alias in enumerate(aliases):
        p = 1 / (1 + np.exp((x_true - 5 - k) * 1.0))
        for t in range(n_tasks):
            for r in range(4):
                y = float(rng.random() < p[t])
                rows.append((alias, f"t{t:03d}", f"f{t // 4:02d}", label[t], y, source, r))
    table = pd.DataFrame(
        rows,
        columns=["alias", "task_id", "task_family", "human_minutes", "score", "human_source", "k"],
    )
    table["score_binarized"] = table["score"].astype(int)
    table["outcome"] = np.where(table["score_binarized"] == 1, "success", "failure")
    table["run_id"] = [f"r{i}" for i in range(len(table))]
    table["source"] = [f"test:{i}" for i in range(len(table))]
    return validate_runs(table.drop(columns="k"))


def design_of(runs: pd.DataFrame, params: HorizonParams) -> Design:
    return Design.build(scored_runs(runs, params), params)


PARAMS = HorizonParams(n_bootstrap=50)


def test_extrapolation_weights_are_exact_for_a_quadratic() -> None:
    for grid in [(1.0, 2.0), (0.5, 1.0, 1.5, 2.0)]:
        w = extrapolation_weights(grid)
        values = np.array([3 - 2 * lam + 0.5 * lam**2 for lam in (0.0, *grid)])
        assert values @ w == pytest.approx(3 + 2 + 0.5)
        assert w.sum() == pytest.approx(1.0)


def test_fit_logistic_takes_x_per_draw() -> None:
    rng = np.random.default_rng(0)
    x = rng.uniform(0, 8, 30)
    success = rng.uniform(0, 1, (3, 30))
    failure = rng.uniform(0, 1, (3, 30))
    starts = np.array([0, 12])
    shared = fit_logistic(x, success, failure, starts, 1e-5)
    per_draw = fit_logistic(np.tile(x, (3, 1)), success, failure, starts, 1e-5)
    np.testing.assert_array_equal(shared.coef, per_draw.coef)
    shifted = fit_logistic(np.vstack([x, x + 1, x]), success, failure, starts, 1e-5)
    np.testing.assert_allclose(shifted.coef[1], shared.coef[1], rtol=1e-9)
    # Moving every label up one doubling moves the curve, not its slope.
    np.testing.assert_allclose(
        shifted.intercept[1], shared.intercept[1] - shared.coef[1], rtol=1e-9
    )


def test_sigma_zero_is_the_plain_fit() -> None:
    runs = simulated(1)
    params = HorizonParams(n_bootstrap=0)
    design = design_of(runs, params)
    corrected = label_noise_horizons(
        design, params, np.random.default_rng(0), sigma=np.zeros(len(design.cell_x))
    )
    plain = fit_horizons(runs, params, np.random.default_rng(0))
    for i, model in enumerate(plain.models):
        assert corrected.coef[i] == pytest.approx(model.coef, rel=1e-9)
        assert corrected.minutes[i, 0] == pytest.approx(model.horizon(50).minutes, rel=1e-9)


def test_sigma_zero_leaves_every_draw_unperturbed() -> None:
    rng = np.random.default_rng(2)
    x = rng.uniform(0, 8, 20)
    success, failure = rng.uniform(0, 1, (4, 20)), rng.uniform(0, 1, (4, 20))
    starts = np.array([0])
    z = rng.standard_normal((4, 3, 20))
    coef, intercept = simex_fit(x, np.zeros(20), success, failure, starts, z, (1.0, 2.0), 1e-5, 200)
    plain = fit_logistic(x, success, failure, starts, 1e-5)
    np.testing.assert_allclose(coef, plain.coef, rtol=1e-9)
    np.testing.assert_allclose(intercept, plain.intercept, rtol=1e-9, atol=1e-12)


def test_no_lambdas_with_runs_resampled_is_metr_point_estimate() -> None:
    runs = simulated(3)
    design = design_of(runs, PARAMS)
    plain = label_noise_horizons(
        design, PARAMS, np.random.default_rng(0), LabelNoiseParams(lambdas=(), resample="runs")
    )
    metr = fit_horizons(runs, PARAMS, np.random.default_rng(0))
    for i, model in enumerate(metr.models):
        assert plain.minutes[i, 0] == pytest.approx(model.horizon(50).minutes, rel=1e-9)


def test_simex_recovers_the_slope_that_label_noise_flattens() -> None:
    """Large data, labels with sigma 0.9: naive slope attenuated, SIMEX close to the truth."""
    rng = np.random.default_rng(7)
    n = 4000
    x_true = rng.uniform(0, 10, n)
    sigma = np.full(n, 0.9)
    x = x_true + rng.normal(0, 0.9, n) / np.log(2)
    p = 1 / (1 + np.exp(x_true - 5))  # slope -1 per log2 minute
    success = rng.binomial(8, p)[None].astype(float)
    failure = 8 - success
    z = rng.standard_normal((1, 20, n))
    naive, _ = simex_fit(x, sigma, success, failure, np.array([0]), z, (), 1e-5, 200)
    coef, intercept = simex_fit(x, sigma, success, failure, np.array([0]), z, (1.0, 2.0), 1e-5, 200)
    assert naive[0, 0] > -0.8  # attenuated by about a quarter
    assert abs(coef[0, 0] + 1) < 0.5 * abs(naive[0, 0] + 1)
    assert abs(coef[0, 0] + 1) < 0.1
    # p50 at log2 minutes 5: the corrected curve still crosses there.
    assert -intercept[0, 0] / coef[0, 0] == pytest.approx(5, abs=0.2)


def test_correction_undoes_the_pull_of_a_short_horizon_away_from_the_middle() -> None:
    """Noisy labels put a short true p50 (~1.6 min) too low; the correction moves it back up."""
    rng = np.random.default_rng(4)
    n = 3000
    x_true = rng.uniform(0, 10, n)
    x = x_true + rng.normal(0, 0.9, n) / np.log(2)
    p = 1 / (1 + np.exp(x_true - 0.7))
    success = rng.binomial(8, p)[None].astype(float)
    failure = 8 - success
    z = rng.standard_normal((1, 20, n))
    sigma = np.full(n, 0.9)
    starts = np.array([0])
    naive = simex_fit(x, sigma, success, failure, starts, z, (), 1e-5, 200)
    corrected = simex_fit(x, sigma, success, failure, starts, z, (1.0, 2.0), 1e-5, 200)
    naive_p50, corrected_p50 = (-b0[0, 0] / b1[0, 0] for b1, b0 in (naive, corrected))
    assert naive_p50 < corrected_p50
    assert abs(corrected_p50 - 0.7) < 0.5 * abs(naive_p50 - 0.7)


def test_same_seed_same_draws_other_seed_differs() -> None:
    design = design_of(simulated(5), PARAMS)
    first = label_noise_horizons(design, PARAMS, np.random.default_rng(11), keep_draws=True)
    again = label_noise_horizons(design, PARAMS, np.random.default_rng(11), keep_draws=True)
    other = label_noise_horizons(design, PARAMS, np.random.default_rng(12), keep_draws=True)
    np.testing.assert_array_equal(first.draws, again.draws)
    np.testing.assert_array_equal(first.minutes, again.minutes)
    assert not np.array_equal(first.draws, other.draws, equal_nan=True)


def test_a_models_draws_do_not_depend_on_other_models() -> None:
    both = simulated(6, aliases=("a", "b"))
    only_b = both[both["alias"] == "b"]
    # Another model on other tasks too: it adds families and tasks the model does not have.
    extra = simulated(7, aliases=("c",), n_tasks=13).assign(
        task_id=lambda t: "x" + t["task_id"], task_family=lambda t: "x" + t["task_family"]
    )
    results = []
    for runs in (only_b, both, pd.concat([both, extra], ignore_index=True)):
        design = design_of(validate_runs(runs.reset_index(drop=True)), PARAMS)
        result = label_noise_horizons(design, PARAMS, np.random.default_rng(3), keep_draws=True)
        results.append(result.draws[:, result.aliases.index("b")])
    # Same draws; equal to the solver's tolerance (a batch iterates while any model in it
    # has not converged, so a converged fit may take one more, negligible, Newton step).
    np.testing.assert_allclose(results[0], results[1], rtol=1e-12)
    np.testing.assert_allclose(results[0], results[2], rtol=1e-12)


def test_shapes_and_ci_bracket_the_point() -> None:
    params = dataclasses.replace(PARAMS, success_percents=(50, 80))
    design = design_of(simulated(8, n_tasks=80), params)
    result = label_noise_horizons(design, params, np.random.default_rng(0), keep_draws=True)
    assert result.percents == (50, 80)
    assert result.minutes.shape == result.ci_low.shape == result.ci_high.shape == (2, 2)
    assert result.draws.shape == (50, 2, 2)
    assert result.coef.shape == result.intercept.shape == (2,)
    assert np.all(result.ci_low <= result.minutes) and np.all(result.minutes <= result.ci_high)
    assert np.all(result.minutes[:, 1] < result.minutes[:, 0])  # p80 shorter than p50
    minutes, low, high = result.horizon("b", 50)
    assert low <= minutes <= high


@pytest.mark.parametrize("level", ["families", "tasks", "runs"])
def test_resampling_levels(level: str) -> None:
    design = design_of(simulated(9, aliases=("a",)), PARAMS)
    data = design.subset(np.array([0]))  # the model's own tasks and families
    counts = _ModelDraws(data, level, np.random.default_rng(0)).counts(200)
    # Drawn in pieces, the same draws: each level has its own stream.
    pieces = _ModelDraws(data, level, np.random.default_rng(0))
    np.testing.assert_array_equal(np.vstack([pieces.counts(70), pieces.counts(130)]), counts)
    assert counts.shape == (200, design.n_runs)
    per_cell = np.add.reduceat(counts, design.cell_starts, axis=1)
    family_of_cell = data.task_family[data.cell_task]
    n_families = family_of_cell.max() + 1
    runs_per_cell = design.cell_runs
    if level != "runs":
        # A picked task brings each of its runs once per pick.
        np.testing.assert_array_equal(per_cell, counts[:, design.cell_starts] * runs_per_cell)
    tasks_per_family = np.bincount(family_of_cell)
    picks = np.add.reduceat(
        per_cell, np.flatnonzero(np.r_[True, np.diff(family_of_cell) != 0]), axis=1
    )
    # Every draw picks as many tasks, in total, as there are tasks in the picked families.
    assert np.all(per_cell.sum(axis=1) % 4 == 0)
    if level == "families":
        # A picked family brings all its tasks, each as often.
        family_counts = picks / (tasks_per_family * 4)
        np.testing.assert_array_equal(family_counts, np.round(family_counts))
        assert np.all(family_counts.sum(axis=1) == n_families)
    else:
        assert not np.all(
            counts[:, design.cell_starts][:, 0] == counts[:, design.cell_starts][:, 1]
        )


def test_label_sigmas_by_source_and_default() -> None:
    runs = simulated(10, aliases=("a",), n_tasks=8)
    runs.loc[runs["task_id"] == "t001", "human_source"] = "estimate"
    runs.loc[runs["task_id"] == "t002", "human_source"] = "something else"
    design = design_of(runs, PARAMS)
    sigma = label_sigmas(design, LabelNoiseParams(default_sigma=2.0))
    assert sigma[0] == LABEL_SIGMAS["baseline"]
    assert sigma[1] == LABEL_SIGMAS["estimate"]
    assert sigma[2] == 2.0
    no_source = design_of(runs.drop(columns="human_source"), PARAMS)
    assert np.all(label_sigmas(no_source, LabelNoiseParams()) == LabelNoiseParams().default_sigma)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"lambdas": (1.0,)},
        {"lambdas": (1.0, 1.0)},
        {"lambdas": (0.0, 1.0)},
        {"n_pairs": 0},
        {"default_sigma": -1.0},
        {"resample": "cells"},
    ],
)
def test_params_are_validated(kwargs: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        LabelNoiseParams(**kwargs)  # type: ignore[arg-type]


def test_few_families_factor_is_t_over_z_with_the_cluster_correction() -> None:
    # t(13) and t(99) at 97.5%: 2.1604 and 1.9842; z = 1.9600.
    assert few_families_factor(14, 0.95) == pytest.approx(
        (14 / 13) ** 0.5 * 2.1604 / 1.96, rel=1e-3
    )
    assert few_families_factor(100, 0.95) == pytest.approx(
        (100 / 99) ** 0.5 * 1.9842 / 1.96, rel=1e-3
    )
    assert few_families_factor(1, 0.95) == 1.0


def test_widening_stretches_the_ci_in_log_minutes_only() -> None:
    design = design_of(simulated(12, aliases=("a",), n_tasks=24), PARAMS)  # 6 families
    plain = label_noise_horizons(
        design,
        PARAMS,
        np.random.default_rng(0),
        LabelNoiseParams(few_families_widening=False),
        keep_draws=True,
    )
    wide = label_noise_horizons(design, PARAMS, np.random.default_rng(0), keep_draws=True)
    np.testing.assert_array_equal(plain.draws, wide.draws)
    k = few_families_factor(6, PARAMS.confidence)
    centre = np.log(plain.minutes)
    np.testing.assert_allclose(
        np.log(wide.ci_low), centre - k * (centre - np.log(plain.ci_low)), rtol=1e-12
    )
    np.testing.assert_allclose(
        np.log(wide.ci_high), centre + k * (np.log(plain.ci_high) - centre), rtol=1e-12
    )


def test_streamed_cis_are_the_quantiles_of_the_kept_draws() -> None:
    """Without keep_draws only the CI tails are kept; the CI is the same."""
    design = design_of(simulated(13, n_tasks=40), PARAMS)
    noise = LabelNoiseParams(few_families_widening=False)
    kept = label_noise_horizons(design, PARAMS, np.random.default_rng(4), noise, keep_draws=True)
    streamed = label_noise_horizons(design, PARAMS, np.random.default_rng(4), noise)
    assert streamed.draws.shape[0] == 0
    want = np.nanquantile(kept.draws, [0.025, 0.975], axis=0)
    np.testing.assert_allclose(streamed.ci_low, want[0], rtol=1e-12)
    np.testing.assert_allclose(streamed.ci_high, want[1], rtol=1e-12)
