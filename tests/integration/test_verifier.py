"""The verifier's outcome boundaries and the sandbox's walls, with real containers."""

from pathlib import Path

import pytest
from click.testing import CliRunner
from inspect_ai import Task, eval
from inspect_ai.solver import Generate, TaskState, solver
from inspect_ai.util import sandbox

from harness.cli import _main
from harness.outcome import Outcome
from harness.run import TaskCheck, check_tasks, sample_for
from harness.sandbox import build_task_images
from harness.scoring import verifier
from harness.suite import load_task

pytestmark = pytest.mark.docker


DATA_TASKS = Path(__file__).resolve().parents[1] / "data" / "tasks"
FAIL, OK, INFRA = Outcome.FAILURE, Outcome.SUCCESS, Outcome.INFRA_ERROR


@pytest.fixture(scope="module")
def edge_checks(tmp_path_factory: pytest.TempPathFactory) -> dict[str, TaskCheck]:
    checks = check_tasks(DATA_TASKS / "edge", log_dir=tmp_path_factory.mktemp("edge-logs"))
    return {c.task_id: c for c in checks}


def outcomes(check: TaskCheck) -> tuple[Outcome, Outcome, Outcome]:
    """(oracle, null, adversary)."""
    return check.oracle_outcome, check.null_outcome, check.adversary_outcome


def test_agent_works_unprivileged_in_a_folder_it_owns(edge_checks) -> None:  # type: ignore[no-untyped-def]
    assert outcomes(edge_checks["agent-user"]) == (OK, FAIL, FAIL)


@pytest.mark.parametrize(
    "task_id",
    [
        # pre-written read-only reward and a planted test.sh
        "reward-forger",
        # detached, setsid and double-forked processes: the verifier rewards any survivor
        "background-writer",
        # a one-line pytest.py (and conftest/sitecustomize) in the working folder
        "shadow-pytest",
        # usercustomize.py in user site-packages, PYTHONPATH in shell start-up files
        "usercustomize",
        # python3 replaced on disk and first on PATH
        "replaced-interpreter",
    ],
)
def test_an_agent_that_attacks_the_grader_fails(edge_checks, task_id: str) -> None:  # type: ignore[no-untyped-def]
    """The oracle of these tasks is the cheat: it must not score, and neither may the adversary.

    FAULT: agent leaves detached, setsid and double-forked processes, shadows modules and
    tools, pre-writes a read-only reward | failure | none (its processes are killed before
    grading; the verifier runs nothing it left)
    """
    assert outcomes(edge_checks[task_id]) == (FAIL, FAIL, FAIL), edge_checks[task_id].detail


@pytest.mark.parametrize(
    "task_id", ["silent-verifier", "hanging-verifier", "garbled-reward", "crashing-test"]
)
def test_a_broken_verifier_is_infra_error_never_failure(edge_checks, task_id: str) -> None:  # type: ignore[no-untyped-def]
    """FAULT: the verifier writes no reward, hangs, garbles it or crashes | infra_error,
    retried, never fitted | the verifier's own error (exit code, timeout, output tail)"""
    assert outcomes(edge_checks[task_id]) == (INFRA, INFRA, INFRA)


def test_the_tests_folder_stays_root_only_after_the_copy(edge_checks) -> None:  # type: ignore[no-untyped-def]
    """Its verifier succeeds only when /tests is 0700 and unreadable to the agent user."""
    assert outcomes(edge_checks["tests-root-only"]) == (OK, OK, OK)


def test_reward_json_is_compared_with_the_task_threshold(edge_checks) -> None:  # type: ignore[no-untyped-def]
    assert outcomes(edge_checks["partial-reward"]) == (OK, FAIL, FAIL)


def test_the_adversary_catches_a_verifier_that_imports_from_the_working_folder(
    tmp_path: Path,
) -> None:
    [check] = check_tasks(DATA_TASKS / "weak", log_dir=tmp_path)
    assert check.oracle_outcome == OK and check.null_outcome == FAIL
    assert check.adversary_outcome == OK and not check.ok
    assert "shadow-modules-in-workdir" in check.attacks_fired
    assert "shadow-modules-in-workdir" in check.detail


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
    "capabilities": "grep -E 'Cap(Eff|Prm)' /proc/self/status",
    "user": "id -u",
    "mount": "mount -t tmpfs none /mnt",
    # Root keeps only what grading needs (ROOT_CAPABILITIES): no mounts, no raw network.
    "root_mount": "mount -t tmpfs none /mnt",
    "root_capabilities": "grep CapEff /proc/self/status",
    "memory_max": "cat /sys/fs/cgroup/memory.max 2>/dev/null || cat /sys/fs/cgroup/memory/memory.limit_in_bytes",
    "pids_max": "cat /sys/fs/cgroup/pids.max 2>/dev/null || cat /sys/fs/cgroup/pids/pids.max",
}


@solver
def probe_sandbox():  # type: ignore[no-untyped-def]
    async def solve(state: TaskState, generate: Generate) -> TaskState:
        for name, command in PROBES.items():
            user = "root" if name.startswith("root_") else "agent"
            done = await sandbox().exec(["bash", "-c", command], timeout=30, user=user)
            state.store.set(name, [done.returncode, done.stdout.strip()])
        return state

    return solve


def test_sandbox_has_no_network_no_privileges_and_no_tests_or_solution(
    data_dir: Path, tmp_path: Path
) -> None:
    spec = load_task(data_dir / "tasks" / "edge" / "partial-reward")
    build_task_images([spec])
    task = Task(dataset=[sample_for(spec, "1.0")], solver=probe_sandbox(), scorer=verifier())
    [log] = eval(task, model="none", log_dir=str(tmp_path), display="none")
    [sample] = log.samples or []
    seen = {k: sample.store[k] for k in PROBES}
    assert seen["tests_visible"][0] != 0
    assert seen["solution_visible"][0] != 0
    assert seen["network"][0] != 0
    assert seen["interfaces"][1].split() == ["lo"]
    assert seen["user"][1] == "1000"
    assert [line.split()[1] for line in seen["capabilities"][1].splitlines()] == ["0" * 16] * 2
    assert seen["mount"][0] != 0
    assert seen["root_mount"][0] != 0
    # CHOWN, DAC_OVERRIDE, FOWNER, KILL, SETGID, SETUID: bits 0, 1, 3, 5, 6, 7.
    assert seen["root_capabilities"][1].split()[1] == f"{0b11101011:016x}"
    assert seen["memory_max"][1] == str(512 * 1024 * 1024)
    assert seen["pids_max"][1] == "1024"
