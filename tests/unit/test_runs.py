"""Readers -> runs table: METR jsonl, Inspect logs, registry, release dates, bad input."""

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from harness.errors import InputError
from harness.runs import (
    RUNS_COLUMNS,
    Outcome,
    get_reader,
    read_release_dates,
    read_runs,
    reader_names,
    register_reader,
    validate_runs,
)

DATA = Path(__file__).resolve().parents[1] / "data" / "runs"


def test_metr_reader_builds_the_runs_table() -> None:
    runs = read_runs([DATA / "small.jsonl"])
    assert list(runs.columns[: len(RUNS_COLUMNS)]) == list(RUNS_COLUMNS)
    assert len(runs) == 10  # the blank line is skipped
    assert set(runs["outcome"]) == {Outcome.SUCCESS, Outcome.FAILURE}
    assert (runs["score"] == runs["score_binarized"]).all()  # no score column: binarized
    assert runs.loc[0, "source"].endswith("small.jsonl:1")
    assert runs.loc[6, "source"].endswith("small.jsonl:8")  # line numbers count blank lines


def test_a_metr_file_is_one_run(tmp_path: Path) -> None:
    copy = tmp_path / "rerun.jsonl"
    copy.write_text((DATA / "small.jsonl").read_text())
    runs = read_runs([DATA / "small.jsonl", copy])
    # Two files with runs of the same aliases: every row is kept, each file its own run.
    assert len(runs) == 20
    assert runs.groupby("run_name")["run_key"].nunique().to_dict() == {"rerun": 1, "small": 1}
    assert runs.groupby("run_name").size().to_dict() == {"rerun": 10, "small": 10}
    assert set(runs["run_key"]) == {str(copy.resolve()), str((DATA / "small.jsonl").resolve())}


def test_a_table_without_run_columns_is_one_unnamed_run() -> None:
    table = read_runs([DATA / "small.jsonl"]).drop(columns=["run_key", "run_name"])
    runs = validate_runs(table)
    assert list(runs.columns[: len(RUNS_COLUMNS)]) == list(RUNS_COLUMNS)
    assert set(runs["run_key"]) == {""} and set(runs["run_name"]) == {""}


def test_folder_input_finds_runs_files(tmp_path: Path) -> None:
    (tmp_path / "nested").mkdir()
    (tmp_path / "nested" / "a.jsonl").write_text((DATA / "small.jsonl").read_text())
    (tmp_path / "notes.txt").write_text("ignored")
    assert len(read_runs([tmp_path])) == 10


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("bad_json.jsonl", r"bad_json\.jsonl:2: not valid JSON"),
        ("missing_field.jsonl", r"missing_field\.jsonl:1: missing field\(s\) human_minutes"),
        ("zero_minutes.jsonl", r"zero_minutes\.jsonl:2: human_minutes: must be a number > 0"),
        ("bad_binary.jsonl", r"bad_binary\.jsonl:1: score_binarized: must be 0 or 1"),
    ],
)
def test_bad_input_names_file_line_and_field(name: str, expected: str) -> None:
    with pytest.raises(InputError, match=expected):
        read_runs([DATA / name])


@pytest.mark.parametrize(
    ("field", "expected"),
    [
        ("human_minutes", r"boolean\.jsonl:1: human_minutes: must be a number > 0 \(got True\)"),
        ("score_binarized", r"boolean\.jsonl:1: score_binarized: must be 0 or 1 \(got True\)"),
        ("score", r"boolean\.jsonl:1: score: must be in \[0, 1\] .* \(got True\)"),
    ],
)
def test_json_true_is_not_a_number(tmp_path: Path, field: str, expected: str) -> None:
    """JSON ``true`` is not 1 minute or a score of 1: pandas alone would read it as 1."""
    row = {"run_id": "r", "task_id": "t", "task_family": "f", "alias": "a"}
    row |= {"human_minutes": 3.0, "score_binarized": 1, "score": 1.0, field: True}
    path = tmp_path / "boolean.jsonl"
    path.write_text(json.dumps(row) + "\n")
    with pytest.raises(InputError, match=expected):
        read_runs([path])


def test_the_same_runs_read_twice_is_an_input_error(tmp_path: Path) -> None:
    """Read twice, runs would count as more attempts and narrow the CIs."""
    with pytest.raises(InputError, match=r"small\.jsonl:1: the same run .* is read 2 times"):
        read_runs([DATA / "small.jsonl", DATA / "small.jsonl"])
    (tmp_path / "runs.jsonl").write_text((DATA / "small.jsonl").read_text())
    with pytest.raises(InputError, match="a folder and a file inside it count twice"):
        read_runs([tmp_path, tmp_path / "runs.jsonl"])
    # A line repeated inside one file (same run_id) is the same run again.
    lines = (DATA / "small.jsonl").read_text().splitlines()
    (tmp_path / "runs.jsonl").write_text("\n".join([*lines, lines[0]]) + "\n")
    with pytest.raises(InputError, match=r"runs\.jsonl:1 and .*runs\.jsonl:\d+: the same run"):
        read_runs([tmp_path / "runs.jsonl"])


def test_missing_path_unknown_suffix_and_empty_folder(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file or folder"):
        read_runs([tmp_path / "absent.jsonl"])
    (tmp_path / "runs.csv").write_text("a,b\n")
    with pytest.raises(InputError, match=r"unknown runs file type '\.csv'.*\.eval.*\.jsonl"):
        read_runs([tmp_path / "runs.csv"])
    with pytest.raises(InputError, match="folder holds no runs files"):
        read_runs([tmp_path])


def test_unreadable_inspect_log_is_an_input_error(tmp_path: Path) -> None:
    broken = tmp_path / "broken.eval"
    broken.write_bytes(b"not a zip file")
    with pytest.raises(InputError, match=r"broken\.eval: cannot read Inspect log"):
        read_runs([broken])


def test_unknown_reader_lists_known_and_suggests() -> None:
    with pytest.raises(InputError, match=r"Known: inspect, metr, parquet\. Did you mean 'metr'\?"):
        get_reader("metrr")


def test_registering_a_taken_name_or_suffix_fails() -> None:
    with pytest.raises(ValueError, match="already registered"):
        register_reader("metr", suffixes=(".other",))(pd.read_json)
    with pytest.raises(ValueError, match="already claimed by reader 'metr'"):
        register_reader("another", suffixes=(".jsonl",))(pd.read_json)
    assert "another" not in reader_names()


def test_release_dates_yaml_and_csv() -> None:
    expected = {"model-a": dt.date(2024, 3, 1), "model-b": dt.date(2023, 1, 15)}
    assert read_release_dates(DATA / "release_dates.yaml") == expected
    assert read_release_dates(DATA / "release_dates.csv") == expected
    with pytest.raises(InputError, match=r"model-a: release date 'March 2024' is not a date"):
        read_release_dates(DATA / "bad_release_dates.csv")


def test_stages_import_without_inspect() -> None:
    """STYLE §1: horizon and report import without Inspect's eval machinery (nor runs)."""
    code = (
        "import sys, harness.horizon, harness.report, harness.runs; "
        "print(any(m == 'inspect_ai' or m.startswith('inspect_ai.') for m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "False"
