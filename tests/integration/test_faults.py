"""Faults and sabotage never change a number: each is injected with real containers, and the
outcome, the cause recorded, the rerun and what is left behind are checked.

`docs/reliability.md` is generated from these tests' ``FAULT`` rows
(``python benchmarks/reliability_table.py``); keep each row's test name in step.
"""

import os
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from harness.runs import read_runs
from harness.sandbox import horizon_containers

pytestmark = pytest.mark.docker

DATA_TASKS = Path(__file__).resolve().parents[1] / "data" / "tasks"
HORIZON = [sys.executable, "-m", "harness.cli._main"]


def horizon_run(suite: Path, log_dir: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """``horizon run`` with the oracle (which runs each fixture's sabotage) and no retries.

    ``--unchecked``, deliberately: these fixtures sabotage their own sandbox, so their oracle
    fails and no check of theirs can ever pass; the run path's handling is what is tested.
    """
    return subprocess.run(
        [*HORIZON, "run", "--suite", str(suite), "--agent", "oracle", "--log-dir", str(log_dir),
         "--display", "none", "--unchecked", *extra],
        capture_output=True, text=True, check=False, timeout=900,
        env={**os.environ, "HORIZON_DISK_POLL_SEC": "2"},  # the disk watchdog, polling fast
    )  # fmt: skip


def by_task(runs: pd.DataFrame) -> dict[str, pd.Series]:
    assert runs["task_id"].is_unique, runs[["task_id", "outcome"]]
    return {row["task_id"]: row for _, row in runs.iterrows()}


@pytest.fixture(scope="module")
def fault_runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, pd.Series]:
    log_dir = tmp_path_factory.mktemp("faults")
    done = horizon_run(DATA_TASKS / "faults", log_dir, "--retries", "0")
    assert done.returncode == 0, done.stderr[-3000:]
    assert not horizon_containers(log_dir), "the run left containers behind"
    return by_task(read_runs([log_dir]))


def test_an_agent_that_stops_its_own_container_fails(fault_runs: dict[str, pd.Series]) -> None:
    """FAULT: root agent kills the sandbox's PID 1 | failure | container exited during the
    agent's turn"""
    run = fault_runs["kill-pid1"]
    assert run["outcome"] == "failure"
    assert "exited during the agent's turn" in run["cause"]


def test_an_agent_that_leaves_a_fork_bomb_fails(fault_runs: dict[str, pd.Series]) -> None:
    """FAULT: agent leaves a fork bomb at the pids limit | failure | processes could not be
    stopped, or none (killed, then graded)"""
    assert fault_runs["fork-bomb"]["outcome"] == "failure"


def test_sabotaged_logs_and_tests_folders_do_not_stop_grading(
    fault_runs: dict[str, pd.Series],
) -> None:
    """FAULT: root agent chmods /logs, links /logs/verifier away, locks /tests | graded
    normally (here: success, the work was done) | none"""
    run = fault_runs["chmod-logs"]
    assert run["outcome"] == "success", run["explanation"]


def test_a_sample_that_fills_its_disk_is_stopped_and_fails(
    fault_runs: dict[str, pd.Series],
) -> None:
    """FAULT: agent writes past its task's storage_mb | sandbox stopped by the watchdog,
    failure | the agent wrote N MB ..., over the task's limit"""
    run = fault_runs["fill-disk"]
    assert run["outcome"] == "failure"
    assert "over the task's limit of 64 MB" in run["cause"]
    written = int(re.search(r"wrote (\d+) MB", run["cause"]).group(1))  # type: ignore[union-attr]
    assert written < 64 + 8 * 16, "the watchdog let it write far past the limit"


def test_a_broken_image_among_good_ones_runs_the_good_ones(tmp_path: Path) -> None:
    """FAULT: one task's image does not build | that task not run (infra_error, exit 3), the
    others run | not run: the task's image did not build"""
    done = horizon_run(DATA_TASKS / "broken-image", tmp_path, "--retries", "0")
    assert done.returncode == 3, done.stderr[-3000:]
    assert "not run, image did not build: broken" in done.stderr
    runs = by_task(read_runs([tmp_path]))
    assert runs["good"]["outcome"] == "success"
    assert runs["broken"]["outcome"] == "infra_error"
    assert "image did not build" in runs["broken"]["error"]


def test_horizon_clean_removes_only_horizons_leftovers(tmp_path: Path) -> None:
    """FAULT: containers left by a dead run, beside someone else's | `horizon clean` removes
    horizon's, keeps the other | none"""
    image = "horizon-python:latest"

    def start(*labels: str) -> str:
        argv = ["docker", "run", "-d", *(f"--label={label}" for label in labels), image]
        return subprocess.run(
            [*argv, "sleep", "300"], capture_output=True, text=True, check=True
        ).stdout.strip()[:12]

    dead_run = tmp_path / "dead-run"  # no live `horizon run` holds its lock
    ours = start("dev.horizon.managed=true", f"dev.horizon.run={dead_run}")
    theirs = start("someone.else=true")
    try:
        done = subprocess.run(
            [*HORIZON, "clean"], capture_output=True, text=True, check=False, timeout=300
        )
        assert done.returncode == 0, done.stderr
        assert ours not in horizon_containers()
        alive = subprocess.run(["docker", "ps", "-q"], capture_output=True, text=True).stdout
        assert theirs in alive
    finally:
        subprocess.run(["docker", "rm", "-f", ours, theirs], capture_output=True)
