"""Reproduce METR's published numbers from METR's data (``../shared/metr``, never copied here).

Without the data folder these tests skip, saying so; in CI (``CI=true``) they fail instead,
because a reference suite that silently skips proves nothing.
"""

import os
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from harness.horizon import HorizonParams, Weighting, compute_weights, fit_horizons
from harness.runs import read_runs

METR_DIR = Path(__file__).resolve().parents[2] / ".." / "shared" / "metr"

POINT_RTOL = 1e-3
"""Issue #3: every published p50 and p80 reproduced to 0.1% relative."""

WEIGHT_ATOL = 1e-9
"""Issue #3: invsqrt weights equal METR's stored column to 1e-9 (stored with 10 decimals)."""


@pytest.fixture(scope="module")
def metr_dir() -> Path:
    if not METR_DIR.is_dir():
        message = f"METR reference data not found at {METR_DIR.resolve()} (../shared/metr)"
        if os.environ.get("CI") == "true":
            pytest.fail(message + "; CI must run the reference tests.")
        pytest.skip(message + "; check out the shared data next to the repo to run these.")
    return METR_DIR


def tolerance(expected: float, source: str) -> float:
    """0.1%, widened for values METR published rounded to whole minutes (half a unit)."""
    return max(POINT_RTOL, 0.5 / expected) if "rounded" in source else POINT_RTOL


@pytest.mark.parametrize("regularization", [1e-5, 0.1])
def test_th11_point_estimates_match_published(metr_dir: Path, regularization: float) -> None:
    expected = pd.read_csv(metr_dir / "th11_subset_expected.csv")
    expected = expected[expected["regularization"] == regularization]
    runs = read_runs([metr_dir / "th11_subset_runs.jsonl"])
    params = HorizonParams(regularization=regularization, n_bootstrap=0)
    got = fit_horizons(runs, params, np.random.default_rng(0)).to_frame().set_index("alias")
    assert len(expected) >= 2
    for row in expected.itertuples():
        for percent in (50, 80):
            want = getattr(row, f"p{percent}_minutes")
            have = got.loc[row.alias, f"p{percent}_minutes"]
            rel = abs(have / want - 1)
            assert rel <= tolerance(want, row.source), (
                f"{row.alias} p{percent} at regularization {regularization}: "
                f"got {have:.6g}, METR published {want:.6g} ({rel:.2e} relative)"
            )


@pytest.mark.parametrize(
    ("weighting", "column"),
    [(Weighting.INVSQRT, "invsqrt_task_weight"), (Weighting.EQUAL, "equal_task_weight")],
)
def test_weights_equal_metr_stored_columns(
    metr_dir: Path, weighting: Weighting, column: str
) -> None:
    runs = read_runs([metr_dir / "all_runs.jsonl"])
    np.testing.assert_allclose(
        compute_weights(runs, weighting), runs[column].to_numpy(), rtol=0, atol=WEIGHT_ATOL
    )


CI_RTOL = 0.15
"""METR's CIs come from a joint bootstrap over ~23 agents (``../shared/metr/README.md``), so
ours, from these 4 agents, differ by a few percent; 1,000 draws add ~3% Monte Carlo error to
a 2.5% quantile. 15% still catches a bootstrap that resamples the wrong level."""


def test_th11_cis_close_to_published(metr_dir: Path) -> None:
    expected = pd.read_csv(metr_dir / "th11_subset_expected.csv")
    expected = expected[expected["regularization"] == 1e-5]
    runs = read_runs([metr_dir / "th11_subset_runs.jsonl"])
    got = fit_horizons(runs, HorizonParams(), np.random.default_rng(0)).to_frame()
    got = got.set_index("alias")
    for row in expected.itertuples():
        for end in ("ci_low", "ci_high"):
            want = getattr(row, f"p50_{end}")
            have = got.loc[row.alias, f"p50_{end}"]
            assert have == pytest.approx(want, rel=CI_RTOL), f"{row.alias} p50 {end}"
