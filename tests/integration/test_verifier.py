"""The verifier's outcome boundaries and the sandbox's walls, with real containers."""

from pathlib import Path

import pytest
from click.testing import CliRunner
from inspect_ai import Task, eval
from inspect_ai.solver import Generate, TaskState, solver
from inspect_ai.util import sandbox

from harness.cli import _main
from harness.outcome import Outcome
from harness.run import check_tasks, sample_for
from harness.scoring import verifier
from harness.suite import load_task

pytestmark = pytest.mark.docker


@pytest.fixture(scope="module")
def edge_checks(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Outcome, Outcome]]:
    suite = Path(__file__).resolve().parents[1] / "data" / "tasks" / "edge"
    checks = check_tasks(suite, log_dir=tmp_path_factory.mktemp("edge-logs"))
    return {c.task_id: (c.oracle_outcome, c.null_outcome) for c in checks}


def test_agent_cannot_forge_a_reward_or_replace_the_tests(edge_checks) -> None:  # type: ignore[no-untyped-def]
    assert edge_checks["reward-forger"] == (Outcome.FAILURE, Outcome.FAILURE)


@pytest.mark.parametrize("task_id", ["silent-verifier", "hanging-verifier", "garbled-reward"])
def test_a_broken_verifier_is_infra_error_never_failure(edge_checks, task_id: str) -> None:  # type: ignore[no-untyped-def]
    assert edge_checks[task_id] == (Outcome.INFRA_ERROR, Outcome.INFRA_ERROR)


def test_reward_json_is_compared_with_the_task_threshold(edge_checks) -> None:  # type: ignore[no-untyped-def]
    assert edge_checks["partial-reward"] == (Outcome.SUCCESS, Outcome.FAILURE)


def test_harbor_task_folder_loads_and_passes_unchanged(data_dir: Path) -> None:
    folder = data_dir / "tasks" / "harbor" / "hello-harbor"
    spec = load_task(folder)
    assert spec.human_minutes == 2.0 and spec.human_source == "expert-estimate"
    result = CliRunner().invoke(_main.horizon, ["tasks", "check", "--path", str(folder), "--json"])
    assert result.exit_code == 0, result.output


PROBES = {
    "tests_visible": "test -e /tests",
    "solution_visible": "test -e /solution",
    "network": "python3 -c 'import socket; socket.create_connection((\"1.1.1.1\", 53), timeout=3)'",
    "interfaces": "ls /sys/class/net",
    "capabilities": "grep CapEff /proc/self/status",
    "mount": "mount -t tmpfs none /mnt",
    "memory_max": "cat /sys/fs/cgroup/memory.max 2>/dev/null || cat /sys/fs/cgroup/memory/memory.limit_in_bytes",
    "pids_max": "cat /sys/fs/cgroup/pids.max 2>/dev/null || cat /sys/fs/cgroup/pids/pids.max",
}


@solver
def probe_sandbox():  # type: ignore[no-untyped-def]
    async def solve(state: TaskState, generate: Generate) -> TaskState:
        for name, command in PROBES.items():
            done = await sandbox().exec(["bash", "-c", command], timeout=30)
            state.store.set(name, [done.returncode, done.stdout.strip()])
        return state

    return solve


def test_sandbox_has_no_network_no_privileges_and_no_tests_or_solution(
    data_dir: Path, tmp_path: Path
) -> None:
    spec = load_task(data_dir / "tasks" / "edge" / "partial-reward")
    task = Task(dataset=[sample_for(spec)], solver=probe_sandbox(), scorer=verifier())
    [log] = eval(task, model="none", log_dir=str(tmp_path), display="none")
    [sample] = log.samples or []
    seen = {k: sample.store[k] for k in PROBES}
    assert seen["tests_visible"][0] != 0
    assert seen["solution_visible"][0] != 0
    assert seen["network"][0] != 0
    assert seen["interfaces"][1].split() == ["lo"]
    assert seen["capabilities"][1].endswith("0000000000000000")
    assert seen["mount"][0] != 0
    assert seen["memory_max"][1] == str(512 * 1024 * 1024)
    assert seen["pids_max"][1] == "1024"
