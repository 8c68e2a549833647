"""The pure parts of horizon_grading: reward files, comparisons, argument checks (no Docker).

Running programs needs a sandbox (it kills every process of the agent user), so that is tested in
``tests/integration/test_grading_helpers.py``; nothing here starts a process as another user.
"""

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from harness.scoring import parse_reward
from harness.scoring.grading import horizon_grading as hg


def test_module_is_standard_library_only() -> None:
    tree = ast.parse(Path(hg.__file__).read_text())
    imported = {
        alias.name.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    }
    imported |= {
        node.module.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module
    }
    assert imported <= sys.stdlib_module_names, imported - sys.stdlib_module_names


def test_module_runs_on_its_own_as_the_sandbox_copies_it() -> None:
    folder = Path(hg.__file__).parent
    done = subprocess.run(
        [sys.executable, "-m", "horizon_grading", "--help"],
        env={"PATH": os.environ["PATH"], "PYTHONSAFEPATH": "1", "PYTHONPATH": str(folder)},
        cwd="/",
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0 and "{run,workdir,reward}" in done.stdout, done.stderr


@pytest.mark.parametrize("value", [0, 1, 0.25, 1.0])
def test_reward_txt_is_what_the_scorer_reads(tmp_path: Path, value: float) -> None:
    hg.write_reward(value, directory=tmp_path)
    assert parse_reward((tmp_path / "reward.txt").read_text(), json_format=False) == value
    assert not (tmp_path / "reward.json").exists()


def test_details_go_to_reward_json_and_a_later_plain_reward_removes_them(tmp_path: Path) -> None:
    hg.write_reward(0.75, details={"cases_passed": 3, "cases": 4}, directory=tmp_path)
    text = (tmp_path / "reward.json").read_text()
    assert parse_reward(text, json_format=True) == 0.75
    assert json.loads(text) == {"reward": 0.75, "cases_passed": 3, "cases": 4}
    assert (tmp_path / "reward.txt").read_text() == "0.75\n"
    hg.write_reward(0, directory=tmp_path)
    assert not (tmp_path / "reward.json").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["reward.txt"]  # no temporary files left


def test_missing_reward_folder_is_created_private(tmp_path: Path) -> None:
    hg.write_reward(1, directory=tmp_path / "logs" / "verifier")
    assert (tmp_path / "logs" / "verifier").stat().st_mode & 0o777 == 0o755


@pytest.mark.parametrize("value", [float("nan"), float("inf"), -0.1, 1.5, True, "1"])
def test_reward_out_of_range_or_not_a_number_is_refused(tmp_path: Path, value: object) -> None:
    with pytest.raises(ValueError, match=r"reward must be a number in \[0, 1\]"):
        hg.write_reward(value, directory=tmp_path)  # type: ignore[arg-type]
    assert list(tmp_path.iterdir()) == []


def test_details_cannot_override_the_reward(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="'reward' key"):
        hg.write_reward(0, details={"reward": 1}, directory=tmp_path)
    with pytest.raises(ValueError):  # NaN is not JSON
        hg.write_reward(0, details={"score": float("nan")}, directory=tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_reward_folder_others_can_write_is_refused(tmp_path: Path) -> None:
    shared = tmp_path / "verifier"
    shared.mkdir()
    shared.chmod(0o777)
    with pytest.raises(hg.GradingError, match="no one else can write"):
        hg.write_reward(1, directory=shared)
    (tmp_path / "link").symlink_to(tmp_path)
    with pytest.raises(hg.GradingError, match="must be a folder"):
        hg.write_reward(1, directory=tmp_path / "link")


def test_same_text_ignores_trailing_whitespace_and_blank_lines_by_default() -> None:
    assert hg.same_text("a  \r\nb\n\n\n", "a\nb")
    assert hg.same_text(b"a\nb\n", "a\nb\n").explanation == ""
    strict = hg.same_text("a \nb\n", "a\nb\n", strip_trailing_ws=False)
    assert (
        not strict
        and strict.explanation == "line 1: expected 'a', got 'a ' (3 lines expected, 3 got)"
    )


def test_same_text_names_the_first_difference() -> None:
    assert hg.same_text("1\n2\n4\n", "1\n2\n3\n").explanation == (
        "line 3: expected '3', got '4' (3 lines expected, 3 got)"
    )
    assert hg.same_text("1\n", "1\n2\n").explanation == (
        "line 2: expected '2', got end of output (2 lines expected, 1 got)"
    )
    assert hg.same_text("1\n2\n", "1\n").explanation == (
        "line 2: expected end of output, got '2' (1 lines expected, 2 got)"
    )


def test_same_text_keeps_distinct_invalid_bytes_distinct() -> None:
    assert not hg.same_text(b"\xff\n", b"\xfe\n")
    assert hg.same_text(b"\xff\n", b"\xff")


def test_run_program_refuses_root_unknown_users_and_bad_arguments() -> None:
    # Validation happens before any process starts; nothing here may run a real program.
    with pytest.raises(hg.GradingError):
        hg.run_program(["true"], timeout_sec=1, user="root")
    with pytest.raises(hg.GradingError):
        hg.run_program(["true"], timeout_sec=1, user="no-such-user-horizon")
    with pytest.raises(ValueError, match="timeout_sec > 0"):
        hg.run_program(["true"], timeout_sec=0)
    with pytest.raises(ValueError, match="need a program"):
        hg.run_program([], timeout_sec=1)


def test_cli_refuses_a_bad_reward_with_exit_code_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert hg.main(["reward", "2"]) == 2
    assert "reward must be a number in [0, 1]" in capsys.readouterr().err
