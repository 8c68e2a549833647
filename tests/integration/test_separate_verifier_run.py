"""Harbor's separate verifier with real containers (tests/data/harbor/separate-verifier).

The task's test.sh gives 1 only in its own image (built from tests/Dockerfile), without the
agent's /app, reading what the collect hook carried in /logs/artifacts.
"""

import json
import subprocess
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from inspect_ai import Task, eval
from inspect_ai.scorer import Score, Scorer, Target, scorer
from inspect_ai.solver import Generate, Solver, TaskState, solver
from inspect_ai.util import SandboxEnvironmentSpec, sandbox

from harness.cli import _main
from harness.run import sample_for
from harness.sandbox import SANDBOX_LABEL, BoxConfig, build_task_images, hand_workdir_to_agent
from harness.sandbox._box import HorizonSandbox
from harness.scoring import verifier
from harness.suite import load_task

pytestmark = pytest.mark.docker

TASK = Path(__file__).resolve().parents[1] / "data" / "harbor" / "separate-verifier"


def _docker(*args: str) -> list[str]:
    done = subprocess.run(["docker", *args], capture_output=True, text=True, check=True)
    return done.stdout.split()


def _containers(sandbox_name: str) -> list[str]:
    """Every container (running or not) of one horizon sandbox."""
    return _docker("ps", "-aq", "--filter", f"label={SANDBOX_LABEL}={sandbox_name}")


@solver
def hello_as_agent() -> Solver:
    """Do the task as the agent would, and note the sandbox's name and whether /tests exists."""

    async def solve(state: TaskState, generate: Generate) -> TaskState:
        box = sandbox()
        await hand_workdir_to_agent(box, "agent")  # as run_agent does
        done = await box.exec(
            ["sh", "-c", "echo 'Hello, world!' > /app/hello.txt"], user="agent", timeout=30
        )
        assert done.success, done.stderr
        state.store.set("sandbox", box.as_type(HorizonSandbox).name)
        state.store.set("tests_before", (await box.exec(["test", "-e", "/tests"])).returncode)
        return state

    return solve


@scorer(metrics=[])
def after_grading() -> Scorer:
    """Runs after the verifier scorer: what the agent's container and the engine look like."""

    async def score(state: TaskState, target: Target) -> Score:
        box = sandbox()
        name = box.as_type(HorizonSandbox).name
        tests = await box.exec(["test", "-e", "/tests"], user="root")
        artifacts = await box.exec(["cat", "/logs/artifacts/hello.txt"], user="root")
        return Score(
            value=0,
            metadata={
                "tests_after": tests.returncode,
                "artifact": artifacts.stdout,
                "verifier_left": _containers(f"{name}-verifier"),
            },
        )

    return score


def test_the_verifier_grades_in_its_own_container_and_the_agent_never_sees_the_tests(
    tmp_path: Path,
) -> None:
    spec = load_task(TASK)
    [build] = build_task_images([spec])
    assert build.ok, build.error
    since = str(int(time.time()) - 1)
    task = Task(
        dataset=[sample_for(spec, "1.0")],
        solver=hello_as_agent(),
        scorer=[verifier(), after_grading()],
    )
    [log] = eval(task, model="none", log_dir=str(tmp_path), display="none")
    assert log.status == "success", log.error
    [sample] = log.samples or []
    assert sample.scores is not None
    graded, after = sample.scores["verifier"], sample.scores["after_grading"]
    assert graded.answer == "success", graded.explanation
    assert graded.explanation is not None
    assert "graded in a separate container (horizon-task-harbor-separate-verifier-verifier:" in (
        graded.explanation
    )
    assert "carried: /logs/artifacts" in graded.explanation
    # The agent's container: no /tests before grading or after it; the hook's output is there.
    name = sample.store["sandbox"]
    assert sample.store["tests_before"] != 0
    assert after.metadata is not None
    assert after.metadata["tests_after"] != 0
    assert after.metadata["artifact"].strip() == "Hello, world!"
    # The verifier ran in a container of its own, gone once it had graded ...
    assert after.metadata["verifier_left"] == []
    created = _docker(
        "events", "--since", since, "--until", str(int(time.time()) + 1),
        "--filter", "type=container", "--filter", "event=create",
        "--filter", f"label={SANDBOX_LABEL}={name}-verifier", "--format", "{{.Actor.ID}}",
    )  # fmt: skip
    assert len(created) == 1
    # ... and nothing of the sample is left once it ended.
    assert _containers(name) == [] and _containers(f"{name}-verifier") == []
    assert _docker("network", "ls", "-q", "--filter", f"label={SANDBOX_LABEL}={name}") == []


def test_the_separate_verifier_task_passes_tasks_check(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The oracle succeeds; the null agent and the adversary fail."""
    monkeypatch.setenv("HORIZON_HOME", str(tmp_path))
    result = CliRunner().invoke(
        _main.horizon,
        ["tasks", "check", "--path", str(TASK.parent), "separate-verifier", "--json"],
    )
    assert result.exit_code == 0, result.output
    [check] = json.loads(result.stdout)
    assert check["outcomes"] == {"oracle": "success", "null": "failure", "adversary": "failure"}
    left = _docker("ps", "-aq", "--filter", "name=horizon-separate-verifier")
    assert left == []


def test_a_verifier_container_that_cannot_start_is_an_infra_error_with_its_cause(
    tmp_path: Path,
) -> None:
    spec = load_task(TASK)
    [build] = build_task_images([spec])
    assert build.ok, build.error
    sample = sample_for(spec, "1.0")
    assert sample.sandbox is not None
    config = sample.sandbox.config
    assert isinstance(config, BoxConfig) and config.verifier is not None
    missing = config.verifier.model_copy(update={"image": "horizon-no-such-verifier:none"})
    sample.sandbox = SandboxEnvironmentSpec(
        sample.sandbox.type, config.model_copy(update={"verifier": missing})
    )
    task = Task(dataset=[sample], solver=hello_as_agent(), scorer=verifier())
    [log] = eval(task, model="none", log_dir=str(tmp_path), display="none")
    [failed] = log.samples or []
    assert failed.error is not None
    assert "VerifierError" in failed.error.message
    assert "the separate verifier's container (horizon-no-such-verifier:none) did not start" in (
        failed.error.message
    )
    assert _containers(failed.store["sandbox"]) == []
    assert _containers(f"{failed.store['sandbox']}-verifier") == []
