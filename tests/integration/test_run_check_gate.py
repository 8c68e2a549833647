"""Check before run, with real containers (issue 14, item 5): `horizon run` skips a task
without a check record here, naming the command that checks it; after `horizon tasks check`
it runs; an edit to the task asks for a new check; `--unchecked` runs it anyway, marked.

Two small Harbor tasks (schema 1.1, offline) in a folder of their own; ``HORIZON_HOME`` points
the records and check logs at the test's temporary folder, so nothing of this machine's own
records is read or written.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from harness.runs import read_runs

pytestmark = pytest.mark.docker

HARBOR = Path(__file__).resolve().parents[1] / "data" / "harbor"
HORIZON = [sys.executable, "-m", "harness.cli._main"]
TASKS = ("hello", "hello-two")


def horizon(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*HORIZON, *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=900,
        env={**os.environ, "HORIZON_HOME": str(home)},
    )


def test_run_needs_a_check_of_the_task_as_it_is_now(tmp_path: Path) -> None:
    suite = tmp_path / "check-gate"
    for name in TASKS:
        shutil.copytree(HARBOR / "schema-1-1", suite / name)
    home = tmp_path / "home"

    def run(name: str, *extra: str) -> subprocess.CompletedProcess[str]:
        log_dir = tmp_path / "runs" / name
        return horizon(
            home, "run", "--suite", str(suite), "--agent", "oracle",
            "--log-dir", str(log_dir), "--display", "none", "--retries", "0", *extra,
        )  # fmt: skip

    # Nothing checked: nothing runs; each task is named with the command that checks it.
    done = run("none")
    assert done.returncode == 2, done.stderr[-3000:]
    assert "no task to run" in done.stderr and "never checked on this machine" in done.stderr
    assert f"horizon tasks check --suite {suite} hello hello-two" in done.stderr

    # One task checked: it runs (marked checked), the other is skipped with the command.
    checked = horizon(home, "tasks", "check", "--suite", str(suite), "hello")
    assert checked.returncode == 0, checked.stdout + checked.stderr[-3000:]
    records = list((home / "results" / "check-records" / "check-gate" / "hello").glob("*.json"))
    assert len(records) == 1
    done = run("one")
    assert done.returncode == 0, done.stderr[-3000:]
    assert f"horizon tasks check --suite {suite} hello-two" in done.stderr
    runs = read_runs([tmp_path / "runs" / "one"])
    assert runs["task_id"].tolist() == ["hello"]
    assert runs["outcome"].tolist() == ["success"] and runs["checked"].tolist() == [True]

    # An edit changes the content hash: the record no longer covers the task.
    instruction = suite / "hello" / "instruction.md"
    instruction.write_text(instruction.read_text() + "\nSay it once.\n")
    done = run("edited")
    assert done.returncode == 2, done.stderr[-3000:]
    assert "hello      the task changed since its last check here" in done.stderr

    # --unchecked runs both, marked in the samples and the run's summary.
    done = run("unchecked", "--unchecked")
    assert done.returncode == 0, done.stderr[-3000:]
    assert "2 task(s) run UNCHECKED (--unchecked)" in done.stderr
    assert "UNCHECKED: 2 samples" in done.stdout
    runs = read_runs([tmp_path / "runs" / "unchecked"])
    assert sorted(runs["task_id"]) == list(TASKS)
    assert runs["checked"].tolist() == [False, False]
