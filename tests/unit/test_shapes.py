"""Curve-shape check and per-family horizons (``harness.horizon._shapes``) on known truths."""

import numpy as np
import pandas as pd
import pytest
from sklearn.linear_model import LogisticRegression

from harness.horizon import HorizonParams, Link, fit_horizons
from harness.horizon._shapes import curve_shapes, family_horizons, fit_glm
from harness.runs import validate_runs


def simulated(
    p_success: np.ndarray, minutes: np.ndarray, families: np.ndarray, runs: int, seed: int
) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    rows = [
        ("m", f"t{t}", f"f{families[t]}", float(minutes[t]), float(rng.random() < p_success[t]))
        for t in range(len(minutes))
        for _ in range(runs)
    ]
    table = pd.DataFrame(
        rows, columns=["alias", "task_id", "task_family", "human_minutes", "score"]
    )
    table["score_binarized"] = table["score"].astype(int)
    table["outcome"] = np.where(table["score_binarized"] == 1, "success", "failure")
    table["run_id"] = [f"r{i}" for i in range(len(table))]
    table["source"] = "test"
    return validate_runs(table)


def test_glm_logit_equals_scikit_learn() -> None:
    rng = np.random.default_rng(0)
    x = rng.uniform(0, 9, 40)
    success = rng.uniform(0, 3, 40)
    failure = rng.uniform(0, 3, 40)
    design = np.column_stack([np.ones_like(x), x])
    [b] = fit_glm(design, success[None], failure[None], Link.LOGIT, np.array([0.0, 0.1]))
    sk = LogisticRegression(C=10.0, tol=1e-12, max_iter=10_000).fit(
        np.r_[x, x][:, None],
        np.r_[np.ones(40), np.zeros(40)],
        sample_weight=np.r_[success, failure],
    )
    assert b == pytest.approx([sk.intercept_[0], sk.coef_[0, 0]], rel=1e-6)


def test_the_logit_shape_is_the_main_estimate() -> None:
    rng = np.random.default_rng(1)
    minutes = np.exp2(rng.uniform(0, 9, 40))
    p = 1 / (1 + np.exp(0.8 * (np.log2(minutes) - np.log2(30))))
    result = fit_horizons(
        simulated(p, minutes, np.arange(40) // 4, 4, 1), HorizonParams(n_bootstrap=0), rng
    )
    [model] = result.models
    shapes = {s.link: s for s in model.curve_shapes}
    assert list(shapes) == [Link.LOGIT, Link.PROBIT, Link.CLOGLOG]
    assert shapes[Link.LOGIT].p50_minutes == pytest.approx(model.horizon(50).minutes, rel=1e-6)
    assert 1.0 <= model.shape_spread < 1.5
    assert all(np.isfinite(s.cv_log_loss) for s in model.curve_shapes)


def test_cross_validation_prefers_the_true_asymmetric_curve() -> None:
    rng = np.random.default_rng(2)
    x = rng.uniform(0, 10, 400)
    truth = Link.CLOGLOG.mean(1.5 * (np.log2(30) - x))  # success falls off sharply past 30 min
    success = rng.binomial(20, truth).astype(float)
    shapes = curve_shapes(x, success, 20 - success, np.arange(400) // 4, 1e-5)
    best = min(shapes, key=lambda s: s.cv_log_loss)
    assert best.link is Link.CLOGLOG
    assert best.p50_minutes == pytest.approx(2 ** (np.log2(30) - np.log(np.log(2)) / 1.5), rel=0.1)


def test_family_horizons_recover_an_easy_and_a_hard_family() -> None:
    """Shared slope, families whose p50s are 100 and 5 minutes: the fit tells them apart."""
    rng = np.random.default_rng(3)
    x = rng.uniform(0, 10, 200)
    family = np.arange(200) % 2
    p50 = np.where(family == 0, np.log2(100), np.log2(5))
    success = rng.binomial(20, 1 / (1 + np.exp(1.0 * (x - p50)))).astype(float)
    easy, hard = family_horizons(x, success, 20 - success, family, ["easy", "hard"], 1e-5)
    assert (easy.family, hard.family) == ("easy", "hard")
    assert easy.p50_minutes == pytest.approx(100, rel=0.3)
    assert hard.p50_minutes == pytest.approx(5, rel=0.3)
    assert easy.n_tasks == hard.n_tasks == 100


def test_a_family_solved_every_time_gets_a_finite_horizon() -> None:
    x = np.array([1.0, 3.0, 5.0, 7.0, 1.0, 3.0, 5.0, 7.0])
    success = np.array([1.0, 1.0, 0.0, 0.0, 1.0, 1.0, 1.0, 1.0])
    [mixed, solved] = family_horizons(
        x, success, 1 - success, np.repeat([0, 1], 4), ["a", "b"], 1e-5
    )
    assert np.isfinite(solved.p50_minutes) and solved.p50_minutes > mixed.p50_minutes
    assert solved.success_rate == 1.0
