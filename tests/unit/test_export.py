"""The runs table behind a report: runs.parquet and runs.csv, read back by `read_runs`, and a
report folder that holds them is an input `horizon compare` takes."""

from pathlib import Path

import pandas as pd
import pytest
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


@pytest.fixture
def report_dir(tmp_path: Path) -> Path:
    out = tmp_path / "report"
    write_runs(read_runs([DATA / "small.jsonl"]), out)
    return out


def test_export_saves_a_dataset_of_the_runs(report_dir: Path, tmp_path: Path) -> None:
    from datasets import load_from_disk

    target = tmp_path / "ds"
    done = CliRunner().invoke(_main.horizon, ["export", str(report_dir), "--hf", str(target)])
    assert done.exit_code == 0, done.output
    dataset = load_from_disk(str(target))
    runs = read_runs([report_dir / RUNS_PARQUET])
    assert dataset.num_rows == len(runs)
    assert list(dataset.column_names) == list(runs.columns)
    assert dataset["alias"] == runs["alias"].tolist()


def test_push_without_a_token_is_exit_2(
    report_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("HF_TOKEN", raising=False)
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf-home"))  # no cached login either
    args = ["export", str(report_dir), "--hf", str(tmp_path / "ds"), "--push", "me/runs"]
    done = CliRunner().invoke(_main.horizon, args)
    assert done.exit_code == 2
    assert "--push me/runs: no Hugging Face token" in done.output
    assert not (tmp_path / "ds").exists()  # nothing half done


def test_export_of_a_folder_without_runs_is_exit_2(tmp_path: Path) -> None:
    done = CliRunner().invoke(_main.horizon, ["export", str(tmp_path), "--hf", str(tmp_path / "d")])
    assert done.exit_code == 2
    assert "no runs.parquet" in done.output
