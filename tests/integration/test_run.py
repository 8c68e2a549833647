"""`horizon run` end to end: the react agent on a scripted model, resume after SIGKILL, and a
container killed under a working agent — all with real sandboxes."""

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from inspect_ai.log import list_eval_logs, read_eval_log_samples

from harness.handover import Verdict
from harness.runs import read_runs
from harness.sandbox import RUN_LABEL, horizon_containers

pytestmark = pytest.mark.docker

HORIZON = [sys.executable, "-m", "harness.cli._main"]
UNCHECKED = "--unchecked"
"""Deliberate: these tests are about the run path, not the tasks. The built-in suites' checks
are CI's own stage (.ci/run), and checking here would cost minutes per test; the gate itself
is tested in test_run_check_gate.py."""


def horizon(*args: str, **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*HORIZON, *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=900,
        **kwargs,  # type: ignore[call-overload]
    )


def run_greeting(script: Path, log_dir: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """The react agent on the smoke suite's write-greeting task, driven by a scripted model."""
    return horizon(
        "run",
        "--suite",
        "smoke",
        "--task",
        "write-greeting",
        "--model",
        f"scripted/{script}",
        "--log-dir",
        str(log_dir),
        "--display",
        "none",
        UNCHECKED,
        *extra,
    )


def all_samples(log_dir: Path) -> list:  # type: ignore[type-arg]
    return [
        sample
        for info in list_eval_logs(str(log_dir))
        for sample in read_eval_log_samples(info, all_samples_required=False)
    ]


def test_react_agent_solves_a_smoke_task_with_the_scripted_model(
    data_dir: Path, tmp_path: Path
) -> None:
    script = data_dir / "scripts" / "write-greeting.json"
    done = run_greeting(script, tmp_path)
    assert done.returncode == 0, done.stderr[-3000:]
    [sample] = all_samples(tmp_path)
    assert Verdict.from_metadata(sample.scores["verifier"].metadata, "test").outcome == "success"
    tool_calls = [
        c.function for m in sample.messages if m.role == "assistant" for c in m.tool_calls or []
    ]
    assert tool_calls == ["bash", "python", "bash"]
    assert "wrote /app/greeting.txt" in sample.output.completion  # the submit() answer
    runs = read_runs([tmp_path])
    assert runs["alias"].tolist() == [f"scripted/{script}"]


def _completed(log_dir: Path) -> int:
    try:
        return len(all_samples(log_dir))
    except Exception:  # the log is being written
        return 0


def test_sigkill_midway_then_rerun_completes_with_every_sample_once(tmp_path: Path) -> None:
    """FAULT: the harness is SIGKILLed mid-run | the rerun removes its containers and
    completes, every sample once, finished ones kept | none (no verdict lost)"""
    command = [
        "run",
        "--suite",
        "smoke",
        "--agent",
        "sim",
        "-A",
        "horizon=4",
        "--epochs",
        "4",
        "--log-dir",
        str(tmp_path),
        "--max-sandboxes",
        "2",
        "--display",
        "none",
        UNCHECKED,
    ]
    process = subprocess.Popen(
        [*HORIZON, *command],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 300
    while _completed(tmp_path) < 4 and time.monotonic() < deadline and process.poll() is None:
        time.sleep(1)
    assert process.poll() is None, "the run finished before it could be killed"
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    # The killed run leaves its sandboxes behind (labelled with its log folder) ...
    left = horizon_containers(tmp_path)
    before = {(s.id, s.epoch): s.uuid for s in all_samples(tmp_path)}
    assert 4 <= len(before) < 20

    done = horizon(*command)
    assert done.returncode == 0, done.stderr[-3000:]
    # ... and the rerun removes them before it resumes; it leaves none of its own.
    if left:  # (more may have appeared since: docker finishes creates the run had begun)
        assert "container(s) a killed run left" in done.stderr
    assert not horizon_containers(tmp_path)
    samples = all_samples(tmp_path)
    keys = [(s.id, s.epoch) for s in samples]
    assert len(keys) == len(set(keys)) == 5 * 4  # every sample exactly once
    after = {(s.id, s.epoch): s.uuid for s in samples}
    # Samples finished before the kill were kept, not redone.
    assert all(after[key] == uuid for key, uuid in before.items())


def _docker_ps_names(label_filter: str) -> list[str]:
    listed = subprocess.run(
        ["docker", "ps", "--format", "{{.Names}}", "--filter", label_filter],
        capture_output=True,
        text=True,
        check=False,
    )
    return sorted(listed.stdout.split())


def _kill_first_sandbox(run: Path, stop: threading.Event, killed: list[str]) -> None:
    """Kill the sandbox of the run logging to ``run`` once the agent is in its long command.

    Only that run's containers (other runs may be going on), and only the one running the
    agent's ``sleep 25``: killing one before the agent's turn would test nothing.
    """
    while not stop.is_set() and not killed:
        for name in _docker_ps_names(f"label={RUN_LABEL}={run.resolve()}"):
            top = subprocess.run(["docker", "top", name], capture_output=True, text=True)
            if "sleep 25" in top.stdout:
                subprocess.run(["docker", "kill", name], capture_output=True, check=False)
                killed.append(name)
                break
        time.sleep(0.5)


def test_container_killed_under_the_agent_is_infra_error_retried_and_counted_once(
    data_dir: Path, tmp_path: Path
) -> None:
    """FAULT: a container is killed from outside mid-sample | infra_error, retried (in the eval,
    or in the next round after a backoff), then success, counted once | the sandbox error
    (docker's kill event: not the agent)"""
    script = data_dir / "scripts" / "slow-greeting.json"
    stop, killed = threading.Event(), []  # type: ignore[var-annotated]
    killer = threading.Thread(target=_kill_first_sandbox, args=(tmp_path, stop, killed))
    killer.start()
    try:
        done = run_greeting(script, tmp_path, "--retries", "2", "--retry-wait", "1")
    finally:
        stop.set()
        killer.join()
    assert killed, "no sandbox container was seen"
    assert done.returncode == 0, done.stderr[-3000:]
    [sample] = all_samples(tmp_path)
    # Retried either within the eval (Inspect retries a sample whose sandbox became unavailable,
    # keeping the failed attempt's error) or by horizon's next retry round.
    retried_in_eval = any("not running" in retry.message for retry in sample.error_retries or [])
    assert retried_in_eval or "retry round 1 of 2" in done.stderr, (
        "the killed attempt should have been retried:\n" + done.stderr[-2000:]
    )
    assert Verdict.from_metadata(sample.scores["verifier"].metadata, "test").outcome == "success"
    runs = read_runs([tmp_path])
    assert len(runs) == 1 and runs["outcome"].tolist() == ["success"]


def _dockerd_pids() -> list[int]:
    found = subprocess.run(["pgrep", "-x", "dockerd"], capture_output=True, text=True)
    return [int(pid) for pid in found.stdout.split()]


@pytest.mark.slow
def test_daemon_stopped_mid_run_and_restarted_the_run_finishes_every_sample_once(
    tmp_path: Path,
) -> None:
    """FAULT: the Docker daemon stops mid-run and comes back | the run waits, retries and
    completes, every sample once (exit 0) | the interrupted samples' errors, then retried"""
    from harness.sandbox._engine import start_daemon

    command = [
        *HORIZON, "run", "--suite", "smoke", "--agent", "sim", "-A", "horizon=4",
        "--epochs", "2", "--log-dir", str(tmp_path), "--max-sandboxes", "2",
        "--retries", "3", "--retry-wait", "2", "--display", "none", UNCHECKED,
    ]  # fmt: skip
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True
    )
    try:
        deadline = time.monotonic() + 300
        while _completed(tmp_path) < 2 and time.monotonic() < deadline:
            time.sleep(0.5)
        assert process.poll() is None, "the run finished before the daemon could be stopped"
        uses_systemd = Path("/run/systemd/system").is_dir()
        if uses_systemd:
            subprocess.run(["systemctl", "stop", "docker"], check=True)
        else:
            for pid in _dockerd_pids():
                os.kill(pid, signal.SIGTERM)
        while _dockerd_pids():
            time.sleep(0.5)
        time.sleep(5)  # the run sees the daemon gone
        start_daemon()
        stdout, stderr = process.communicate(timeout=900)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    assert process.returncode == 0, stderr[-3000:]
    assert "retry round 1" in stderr
    keys = [(s.id, s.epoch) for s in all_samples(tmp_path)]
    assert len(keys) == len(set(keys)) == 5 * 2
    assert not horizon_containers(tmp_path)
