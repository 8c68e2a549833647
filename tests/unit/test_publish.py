"""Issue 15's publishing: the document's per-model release dates, the self-contained
leaderboard.html, the figures, and `horizon export`."""

from pathlib import Path

import numpy as np
import pytest

from harness.horizon import HorizonParams, fit_horizons
from harness.report import Leaderboard, parse_leaderboard, to_document
from harness.runs import read_release_dates, read_runs

DATA = Path(__file__).resolve().parents[1] / "data" / "runs"
SMALL = DATA / "small.jsonl"


@pytest.fixture(scope="module")
def document() -> Leaderboard:
    runs = read_runs([SMALL])
    dates = read_release_dates(DATA / "release_dates.csv")
    result = fit_horizons(runs, HorizonParams(n_bootstrap=100), np.random.default_rng(0))
    return to_document(result, seed=0, inputs=[str(SMALL)], release_dates=dates)


def test_release_dates_are_recorded_per_model(document: Leaderboard) -> None:
    dates = read_release_dates(DATA / "release_dates.csv")
    for model in document.models:
        assert model.release_date == dates[model.alias].isoformat()
    assert parse_leaderboard(document.to_json(), "test") == document
