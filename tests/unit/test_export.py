"""The runs table behind a report: runs.parquet and runs.csv, read back by `read_runs`, and a
report folder that holds them is an input `horizon compare` takes."""

from pathlib import Path

import pandas as pd
from click.testing import CliRunner

from harness.cli import _main
from harness.runs import RUNS_CSV, RUNS_PARQUET, read_runs, write_runs

DATA = Path(__file__).resolve().parents[1] / "data" / "runs"


def test_exported_runs_read_back_as_the_same_table(tmp_path: Path) -> None:
    runs = read_runs([DATA / "small.jsonl"])
    paths = write_runs(runs, tmp_path / "report")
    assert [p.name for p in paths] == [RUNS_PARQUET, RUNS_CSV]
    pd.testing.assert_frame_equal(read_runs([paths[0]]), runs)
    assert len(pd.read_csv(paths[1])) == len(runs)


def test_compare_takes_report_folders(tmp_path: Path) -> None:
    for name in ("base", "cand"):
        args = ["report", str(DATA / "small.jsonl"), "--bootstrap", "0", "--out"]
        done = CliRunner().invoke(_main.horizon, [*args, str(tmp_path / name)])
        assert done.exit_code == 0, done.output
        assert (tmp_path / name / RUNS_PARQUET).is_file()
    done = CliRunner().invoke(
        _main.horizon,
        ["compare", str(tmp_path / "base"), str(tmp_path / "cand"), "--bootstrap", "50"],
    )
    assert done.exit_code == 0, done.output
    assert "model-a" in done.output
