"""`horizon compare` on leaderboards the reporter really wrote (from METR's runs)."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from harness.cli import _main

METR_RUNS = Path(__file__).resolve().parents[3] / "shared" / "metr" / "all_runs.jsonl"


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not METR_RUNS.exists():
        pytest.skip(f"{METR_RUNS} not found (METR's data lives in ../shared/metr)")
    root = tmp_path_factory.mktemp("reports")
    runner = CliRunner()
    for alias in ("Claude 3.5 Sonnet (New)", "GPT-4 0314"):
        others = {json.loads(line)["alias"] for line in METR_RUNS.read_text().splitlines()} - {
            alias
        }
        excludes = [arg for other in sorted(others) for arg in ("--exclude-alias", other)]
        result = runner.invoke(
            _main.horizon,
            ["report", str(METR_RUNS), *excludes, "--bootstrap", "200", "--out", str(root / alias)],
        )
        assert result.exit_code == 0, result.output
    return root


def test_same_report_does_not_regress(reports: Path) -> None:
    result = CliRunner().invoke(
        _main.horizon,
        [
            "compare",
            str(reports / "Claude 3.5 Sonnet (New)"),
            str(reports / "Claude 3.5 Sonnet (New)"),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "ok" in result.output


def test_clearly_weaker_candidate_regresses_and_json_parses(reports: Path) -> None:
    runner = CliRunner()
    forward = runner.invoke(
        _main.horizon,
        [
            "compare",
            str(reports / "Claude 3.5 Sonnet (New)"),
            str(reports / "GPT-4 0314"),
            "--json",
        ],
    )
    backward = runner.invoke(
        _main.horizon,
        [
            "compare",
            str(reports / "GPT-4 0314"),
            str(reports / "Claude 3.5 Sonnet (New)"),
            "--json",
        ],
    )
    verdicts = {forward.exit_code, backward.exit_code}
    assert verdicts == {0, 1}, (forward.output, backward.output)
    for output in (forward.output, backward.output):
        assert json.loads(output)["schema_version"] == 1


def test_tolerating_a_full_drop_never_regresses(reports: Path) -> None:
    for a, b in (
        ("Claude 3.5 Sonnet (New)", "GPT-4 0314"),
        ("GPT-4 0314", "Claude 3.5 Sonnet (New)"),
    ):
        result = CliRunner().invoke(
            _main.horizon, ["compare", str(reports / a), str(reports / b), "--max-drop", "1"]
        )
        assert result.exit_code == 0


def test_unreadable_leaderboard_is_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "leaderboard.json"
    bad.write_text("{not json")
    result = CliRunner().invoke(_main.horizon, ["compare", str(bad), str(bad)])
    assert result.exit_code == 2
    assert "leaderboard.json: cannot read" in result.output
