"""Rendering and the `horizon report` command (through click's CliRunner)."""

import json
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from harness.cli._main import horizon
from harness.horizon import HorizonParams, fit_horizons
from harness.report import SCHEMA_VERSION, render_markdown, render_table, to_document
from harness.runs import read_release_dates, read_runs

DATA = Path(__file__).resolve().parents[1] / "data" / "runs"
SMALL = str(DATA / "small.jsonl")

ISSUE_MODEL_KEYS = {
    "alias",
    "n_runs",
    "n_tasks",
    "n_infra_errors",
    "average_score",
    "coef",
    "intercept",
    "p50_minutes",
    "p50_ci",
    "p80_minutes",
    "p80_ci",
    "flags",
}
"""The keys issue #3 fixes for each model."""


@pytest.fixture
def result():  # type: ignore[no-untyped-def]
    runs = read_runs([SMALL])
    dates = read_release_dates(DATA / "release_dates.csv")
    params = HorizonParams(n_bootstrap=100)
    return fit_horizons(runs, params, np.random.default_rng(0), release_dates=dates)


def test_json_document_has_the_issue_keys(result) -> None:  # type: ignore[no-untyped-def]
    doc = to_document(result, seed=0, inputs=[SMALL])
    assert doc["schema_version"] == SCHEMA_VERSION
    assert doc["method"] == {
        "regularization": 1e-5,
        "weighting": "invsqrt",
        "bootstrap": 100,
        "seed": 0,
        "confidence": 0.95,
        "percents": [50, 80],
        "partial_scores": False,
        "excluded_aliases": [],
    }
    for model in doc["models"]:
        assert ISSUE_MODEL_KEYS <= set(model)
        assert len(model["p50_ci"]) == 2
    json.dumps(doc, allow_nan=False)  # strictly valid JSON: no NaN/inf


def test_markdown_and_table_show_bounds_and_flags(result) -> None:  # type: ignore[no-untyped-def]
    text = render_markdown(result, seed=0, inputs=[SMALL])
    assert "| model-b |" in text and "< 1" in text and "all_failed" in text
    assert "## Observed success per doubling of human time" in text
    table = render_table(result)
    assert table.splitlines()[0].startswith("Model")
    assert "model-a" in table


def test_cli_writes_files_and_prints_table(tmp_path: Path) -> None:
    out = tmp_path / "report"
    done = CliRunner().invoke(horizon, ["report", SMALL, "--out", str(out), "--bootstrap", "50"])
    assert done.exit_code == 0, done.output
    assert (out / "leaderboard.md").read_text().startswith("# Time-horizon leaderboard")
    doc = json.loads((out / "leaderboard.json").read_text())
    assert [m["alias"] for m in doc["models"]] == ["model-a", "model-b"]
    assert "model-a" in done.stdout


def test_cli_json_stdout_is_one_document() -> None:
    args = ["report", SMALL, "--json", "--bootstrap", "20", "--seed", "3", "--percents", "25"]
    args += ["--exclude-alias", "model-b", "--release-dates", str(DATA / "release_dates.yaml")]
    done = CliRunner().invoke(horizon, args)
    assert done.exit_code == 0, done.output
    doc = json.loads(done.stdout)
    assert doc["method"]["seed"] == 3 and doc["method"]["percents"] == [25, 50]
    assert [m["alias"] for m in doc["models"]] == ["model-a"]
    assert "p25_minutes" in doc["models"][0]
    assert doc["trend"] is None  # one model only: no trend, and a warning says why
    assert "trend_too_few_models" in {w["code"] for w in doc["warnings"]}


def test_cli_same_seed_same_json() -> None:
    args = ["report", SMALL, "--json", "--bootstrap", "30", "--seed", "5"]
    first, second = CliRunner().invoke(horizon, args), CliRunner().invoke(horizon, args)
    assert first.stdout == second.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([str(DATA / "bad_json.jsonl")], "bad_json.jsonl:2: not valid JSON"),
        ([str(DATA / "zero_minutes.jsonl")], "human_minutes: must be a number > 0"),
        ([str(DATA / "absent.jsonl")], "no such file or folder"),
        ([SMALL, "--weighting", "sqrt"], "Invalid value for '--weighting'"),
        ([SMALL, "--regularization", "0"], "Invalid value for '--regularization'"),
    ],
)
def test_cli_bad_input_exits_2(args: list[str], message: str) -> None:
    done = CliRunner().invoke(horizon, ["report", *args])
    assert done.exit_code == 2
    assert message in done.output


def test_cli_help_has_summary_example_and_defaults() -> None:
    done = CliRunner().invoke(horizon, ["report", "--help"], terminal_width=200)
    assert done.exit_code == 0
    assert "Example:" in done.output and "horizon report results/runs/" in done.output
    assert "default: 1e-05" in done.output and "default: invsqrt" in done.output
    assert "Exit codes" in done.output
