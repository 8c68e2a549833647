"""Multi-step Harbor tasks (``[[steps]]``): how steps load, what is refused, and how the
steps' rewards make the sample's score (harness/scoring/_steps.py). The turns themselves run
in tests/integration/test_multi_step_run.py."""

import shutil
from pathlib import Path

import pytest

from harness.errors import TaskSpecError, TaskUnsupportedError
from harness.handover import StepVerdict, Verdict
from harness.outcome import Outcome
from harness.scoring import aggregate_rewards, combined_verdict, stops_after
from harness.scoring._steps import NOT_REACHED
from harness.suite import TaskSpec, load_task

TASK = Path(__file__).resolve().parents[1] / "data" / "harbor" / "multi-step"


@pytest.fixture
def task(tmp_path: Path) -> Path:
    """A copy of the multi-step fixture to change."""
    copy = tmp_path / "multi-step"
    shutil.copytree(TASK, copy)
    return copy


def _set_toml(task: Path, old: str, new: str) -> None:
    toml = task / "task.toml"
    text = toml.read_text()
    assert old in text
    toml.write_text(text.replace(old, new))


def _step(name: str, reward: float) -> StepVerdict:
    outcome = Outcome.SUCCESS if reward >= 1 else Outcome.FAILURE
    return StepVerdict(
        name=name, outcome=outcome, reward=reward, reward_file="reward.txt", verifier_exit_code=0
    )


def test_mean_is_the_mean_of_the_graded_steps_and_final_the_last() -> None:
    assert aggregate_rewards([1.0, 0.0, 0.5], "mean") == 0.5
    assert aggregate_rewards([1.0, 0.0, 0.5], "final") == 0.5
    assert aggregate_rewards([0.0, 1.0], "final") == 1.0
    assert aggregate_rewards([0.25], "mean") == 0.25


def test_nothing_graded_or_an_unknown_strategy_is_an_error() -> None:
    with pytest.raises(ValueError, match="no step was graded"):
        aggregate_rewards([], "mean")
    with pytest.raises(ValueError, match="unknown multi_step_reward_strategy 'max'"):
        aggregate_rewards([1.0], "max")  # type: ignore[arg-type]


def test_the_fixture_loads_its_steps_with_their_own_settings_over_the_tasks() -> None:
    spec = load_task(TASK)
    assert [s.name for s in spec.steps] == ["write", "append"]
    write, append = spec.steps
    assert write.instruction.startswith("Create the file /app/notes.txt")
    assert (write.agent_timeout_sec, write.verifier_timeout_sec) == (120.0, 60.0)  # task's verifier
    assert (append.agent_timeout_sec, append.verifier_timeout_sec) == (90.0, 30.0)
    assert (write.min_reward, append.min_reward) == (1.0, None)
    assert spec.config.multi_step_reward_strategy == "mean"
    assert spec.human_minutes == 10.0  # the whole task's
    assert spec.notices == ()
    assert spec.has_solution
    assert spec.solution_dir_for(append) == TASK / "steps" / "append" / "solution"


def test_a_step_without_its_own_solution_runs_the_tasks(task: Path) -> None:
    shutil.rmtree(task / "steps" / "append" / "solution")
    assert not load_task(task).has_solution
    (task / "solution").mkdir()
    (task / "solution" / "solve.sh").write_text("echo both\n")
    spec = load_task(task)
    assert spec.has_solution
    assert spec.solution_dir_for(spec.steps[1]) == task / "solution"
    assert spec.solution_dir_for(spec.steps[0]) == task / "steps" / "write" / "solution"


def test_a_steps_verifier_env_goes_over_the_tasks(task: Path) -> None:
    _set_toml(task, "[verifier]\n", '[verifier]\nenv = { A = "task", B = "task" }\n')
    _set_toml(
        task, "timeout_sec = 30.0\n", 'timeout_sec = 30.0\nenv = { B = "${NO_SUCH_VAR_X:-step}" }\n'
    )
    spec = load_task(task)
    write, append = spec.steps
    assert spec.verifier_env_for(write) == {"A": "task", "B": "task"}
    assert spec.verifier_env_for(append) == {"A": "task", "B": "step"}
    assert spec.verifier_env_for(None) == spec.verifier_env


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("steps/write/instruction.md", None), "steps/write/instruction.md: missing"),
        (("steps/write/instruction.md", "  \n"), "steps/write/instruction.md: empty"),
        (("steps/append/tests/test.sh", None), "steps/append/tests/test.sh: missing, and the task"),
    ],
)
def test_each_step_needs_an_instruction_and_a_test(
    task: Path, change: tuple[str, str | None], message: str
) -> None:
    rel, text = change
    if text is None:
        (task / rel).unlink()
    else:
        (task / rel).write_text(text)
    with pytest.raises(TaskSpecError, match=message):
        load_task(task)


def test_a_task_level_test_sh_serves_a_step_without_its_own(task: Path) -> None:
    (task / "steps" / "append" / "tests" / "test.sh").unlink()
    (task / "tests" / "test.sh").write_text("echo 1 > /logs/verifier/reward.txt\n")
    assert [s.name for s in load_task(task).steps] == ["write", "append"]


def test_step_names_are_unique_folder_names(task: Path) -> None:
    _set_toml(task, 'name = "append"', 'name = "write"')
    with pytest.raises(TaskSpecError, match=r"steps\[1\]\.name: 'write' appears twice"):
        load_task(task)
    _set_toml(task, 'name = "write"\n# "append"', 'name = "../up"\n# "append"')
    with pytest.raises(TaskSpecError, match=r"steps\[0\]\.name: not a folder name"):
        load_task(task)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "timeout_sec = 120.0\n",
            'timeout_sec = 120.0\nuser = "root"\n',
            "unsupported here: steps[0] (write).agent.user",
        ),
        ("min_reward = 1.0", "min_reward = { reward = 1.0 }", "steps[0] (write).min_reward"),
        (
            "min_reward = 1.0",
            "min_reward = 1.0\ncontributes_to_reward = false",
            "steps[0] (write).contributes_to_reward: a per-step key horizon does not know",
        ),
        (
            "[steps.agent]\ntimeout_sec = 90.0",
            '[steps.healthcheck]\ncommand = "true"\n[steps.agent]\ntimeout_sec = 90.0',
            "steps[1] (append).healthcheck",
        ),
    ],
)
def test_what_a_step_asks_beyond_turns_timeouts_and_tests_is_refused(
    task: Path, old: str, new: str, message: str
) -> None:
    _set_toml(task, old, new)
    with pytest.raises(
        TaskUnsupportedError,
        match=message.replace("[", r"\[").replace("(", r"\(").replace(")", r"\)"),
    ):
        load_task(task)


def test_a_step_workdir_is_refused_and_step_artifacts_are_a_notice(task: Path) -> None:
    _set_toml(task, "min_reward = 1.0", 'min_reward = 1.0\nartifacts = ["/app/notes.txt"]')
    [notice] = load_task(task).notices
    assert "steps[0] (write).artifacts: not collected" in notice
    (task / "steps" / "append" / "workdir").mkdir()
    with pytest.raises(TaskUnsupportedError, match="steps/append/workdir/"):
        load_task(task)


@pytest.fixture
def spec() -> TaskSpec:
    return load_task(TASK)


def test_stops_after_a_reward_below_the_steps_min_reward(spec: TaskSpec) -> None:
    write, append = spec.steps
    assert stops_after(write, 0.99)
    assert not stops_after(write, 1.0)
    assert not stops_after(append, 0.0)  # no min_reward: never stops


def test_the_samples_verdict_records_every_step_and_aggregates_them(spec: TaskSpec) -> None:
    verdict = combined_verdict(spec, [_step("write", 1.0), _step("append", 0.0)])
    assert (verdict.reward, verdict.outcome, verdict.reward_strategy) == (0.5, "failure", "mean")
    assert [(s.name, s.reward) for s in verdict.steps] == [("write", 1.0), ("append", 0.0)]
    # The verdict goes through the log as metadata and comes back the same.
    assert Verdict.from_metadata(verdict.to_metadata(), "here") == verdict
    both = combined_verdict(spec, [_step("write", 1.0), _step("append", 1.0)])
    assert (both.reward, both.outcome) == (1.0, "success")


def test_final_uses_the_last_graded_step(task: Path) -> None:
    _set_toml(task, '"mean"', '"final"')
    final = combined_verdict(load_task(task), [_step("write", 1.0), _step("append", 0.0)])
    assert (final.reward, final.outcome, final.reward_strategy) == (0.0, "failure", "final")


def test_skipped_steps_are_left_out_and_unreached_ones_count_zero(spec: TaskSpec) -> None:
    skipped = combined_verdict(spec, [_step("write", 0.0)], ["append"])
    assert (skipped.reward, skipped.skipped_steps, len(skipped.steps)) == (0.0, ("append",), 1)
    # Never reached (a sample-wide limit ended the sample): a failed step, not a missing one.
    unreached = combined_verdict(spec, [_step("write", 1.0)])
    assert unreached.reward == 0.5 and unreached.outcome == "failure"
    assert unreached.steps[1].cause == NOT_REACHED
    with pytest.raises(ValueError, match="no step was graded"):
        combined_verdict(spec, [])
