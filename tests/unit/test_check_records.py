"""Check records: `horizon run` scores only tasks whose check passed on this machine, as they
are now (issue 14, item 5). The record logic, the marks an unchecked run leaves, and the
declared network a check runs with; the same end to end with real containers is in
tests/integration/test_check_records.py."""

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from harness.cli import _main
from harness.handover import TaskInfo
from harness.horizon import Flag
from harness.horizon._checks import unchecked_tasks
from harness.outcome import Outcome
from harness.run import (
    CheckRecord,
    MachineState,
    TaskCheck,
    check_command,
    check_status,
    horizon_suite,
    record_check,
    unchecked_message,
)
from harness.run._summary import render_summary
from harness.sandbox import box_config
from harness.sandbox._box_config import container_spec
from harness.suite import TaskSpec, load_task

HARBOR = Path(__file__).resolve().parents[1] / "data" / "harbor"
IMAGE = "horizon-task-t-hello:abc"
OUTCOMES = {"oracle": "success", "null": "failure", "adversary": "failure"}


@pytest.fixture
def task(tmp_path: Path) -> Path:
    """A copy of a small Harbor task that a test may edit."""
    folder = tmp_path / "tasks" / "hello"
    shutil.copytree(HARBOR / "schema-1-1", folder)
    return folder


def machine(image_id: str = "sha256:aaa", engine_id: str = "engine-1") -> MachineState:
    return MachineState(engine_id=engine_id, image_ids={IMAGE: image_id})


def test_a_passing_check_is_found_for_the_same_task_image_and_engine(
    task: Path, tmp_path: Path
) -> None:
    records = tmp_path / "records"
    spec = load_task(task)
    assert check_status(spec, IMAGE, machine(), records).reason == "never checked on this machine"
    path = record_check(spec, IMAGE, OUTCOMES, machine(), records)
    assert path is not None and path.parent == records / spec.suite / spec.id
    status = check_status(spec, IMAGE, machine(), records)
    assert status.checked and status.record is not None
    assert status.record.task_hash == spec.content_hash
    assert status.record.image_id == "sha256:aaa" and status.record.network == "no-network"
    assert status.record.outcomes == OUTCOMES


def test_editing_the_task_needs_a_new_check(task: Path, tmp_path: Path) -> None:
    records = tmp_path / "records"
    record_check(load_task(task), IMAGE, OUTCOMES, machine(), records)
    (task / "tests" / "test.sh").write_text("#!/bin/bash\necho 1 > /logs/verifier/reward.txt\n")
    edited = load_task(task)
    status = check_status(edited, IMAGE, machine(), records)
    assert not status.checked
    assert status.reason == "the task changed since its last check here"
    record_check(edited, IMAGE, OUTCOMES, machine(), records)
    assert check_status(edited, IMAGE, machine(), records).checked


def test_a_rebuilt_or_missing_image_needs_a_new_check(task: Path, tmp_path: Path) -> None:
    records = tmp_path / "records"
    spec = load_task(task)
    record_check(spec, IMAGE, OUTCOMES, machine("sha256:aaa"), records)
    rebuilt = check_status(spec, IMAGE, machine("sha256:bbb"), records)
    assert rebuilt.reason == "its image changed since its last check here"
    gone = check_status(spec, IMAGE, MachineState("engine-1", {}), records)
    assert gone.reason.startswith("its image is not on this machine")


def test_records_of_another_engine_do_not_count_here(task: Path, tmp_path: Path) -> None:
    records = tmp_path / "records"
    spec = load_task(task)
    record_check(spec, IMAGE, OUTCOMES, machine(engine_id="other-machine"), records)
    status = check_status(spec, IMAGE, machine(engine_id="engine-1"), records)
    assert status.reason == "never checked on this machine"


def test_a_record_counts_by_its_fields_not_its_file_name(task: Path, tmp_path: Path) -> None:
    """A record renamed (or hand-edited) to another key does not pass for that key."""
    records = tmp_path / "records"
    spec = load_task(task)
    path = record_check(spec, IMAGE, OUTCOMES, machine("sha256:old"), records)
    assert path is not None
    # Rename it to the file name the current image would have: the fields still say "old".
    current = record_check(spec, IMAGE, OUTCOMES, machine("sha256:new"), records)
    assert current is not None
    current.unlink()
    path.rename(current)
    assert not check_status(spec, IMAGE, machine("sha256:new"), records).checked
    # A broken file is ignored, not an error.
    current.write_text("{not json")
    assert not check_status(spec, IMAGE, machine("sha256:new"), records).checked


def test_no_record_is_written_for_an_image_that_is_gone(task: Path, tmp_path: Path) -> None:
    spec = load_task(task)
    records = tmp_path / "records"
    assert record_check(spec, IMAGE, OUTCOMES, MachineState("e", {}), records) is None
    assert not records.exists()


def test_the_record_file_is_the_documented_json(task: Path, tmp_path: Path) -> None:
    path = record_check(load_task(task), IMAGE, OUTCOMES, machine(), tmp_path)
    assert path is not None
    document = json.loads(path.read_text())
    assert CheckRecord.model_validate(document).schema_version == 1
    assert {"task_hash", "image_id", "engine_id", "checked_at", "network"} <= document.keys()


def test_the_message_names_each_task_why_and_the_exact_command() -> None:
    from harness.run import CheckStatus

    missing = [
        CheckStatus("fix-csv", None, "never checked on this machine"),
        CheckStatus("b", None, "the task changed since its last check here"),
    ]
    skipped = unchecked_message("tasks/my suite", missing, run_anyway=False)
    assert skipped.startswith("2 task(s) not run:")
    assert "fix-csv  never checked on this machine" in skipped
    assert skipped.splitlines()[-1] == "  horizon tasks check --suite 'tasks/my suite' fix-csv b"
    assert check_command("smoke", ["x"]) == "horizon tasks check --suite smoke x"
    assert "run UNCHECKED (--unchecked)" in unchecked_message("s", missing, run_anyway=True)


def test_a_task_without_solution_passes_on_the_null_agent_and_adversary_alone() -> None:
    outcomes = {"oracle": Outcome.FAILURE, "null": Outcome.FAILURE, "adversary": Outcome.FAILURE}
    assert TaskCheck("t", outcomes, "", has_solution=False).ok
    assert not TaskCheck("t", outcomes, "", has_solution=True).ok


def test_unchecked_samples_are_marked_in_their_metadata(task: Path) -> None:
    run = horizon_suite(suite=str(task.parent), agent="null", unchecked=["hello"])
    [sample] = list(run.dataset)
    assert TaskInfo.from_metadata(sample.metadata, "test").checked is False
    checked = horizon_suite(suite=str(task.parent), agent="null", unchecked=[])
    assert TaskInfo.from_metadata(list(checked.dataset)[0].metadata, "test").checked is True
    plain = horizon_suite(suite=str(task.parent), agent="null")  # plain `inspect eval`
    assert TaskInfo.from_metadata(list(plain.dataset)[0].metadata, "test").checked is None


def _runs(checked: list[bool | None]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "alias": "m",
            "task_id": [f"t{i}" for i in range(len(checked))],
            "human_minutes": 4.0,
            "outcome": "success",
            "total_time_sec": 1.0,
            "total_tokens": 0,
            "checked": checked,
        }
    )


def test_reports_and_the_run_summary_say_which_runs_were_unchecked() -> None:
    [warning] = unchecked_tasks(_runs([True, False, None, False]))
    assert warning.code == Flag.UNCHECKED_TASKS and warning.alias is None
    assert warning.message.startswith("2 tasks ran without a passing `horizon tasks check`")
    assert "e.g. t1, t3" in warning.message
    assert unchecked_tasks(_runs([True, None])) == []
    assert unchecked_tasks(_runs([True]).drop(columns="checked")) == []  # METR's runs
    summary = render_summary(_runs([True, False])).splitlines()
    assert summary[-1].startswith("UNCHECKED: 1 samples of tasks whose check had not passed")
    assert not any("UNCHECKED" in line for line in render_summary(_runs([True])).splitlines())


def _with_network(spec: TaskSpec, toml_line: str, tmp_path: Path) -> TaskSpec:
    folder = tmp_path / "net"
    shutil.copytree(spec.path, folder)
    text = (folder / "task.toml").read_text().replace('network_mode = "no-network"\n', "")
    (folder / "task.toml").write_text(text + toml_line)
    return load_task(folder)


@pytest.mark.parametrize(
    ("line", "online"),
    [
        ("", True),  # Harbor's default: network on
        ('network_mode = "public"\n', True),
        ('network_mode = "no-network"\n', False),
        ("allow_internet = false\n", False),
    ],
)
def test_a_harbor_tasks_declared_network_reaches_its_sandbox(
    task: Path, tmp_path: Path, line: str, online: bool
) -> None:
    """Network honesty: what the task declares (or Harbor's default) is what its sandbox
    gets, in `tasks check` and `horizon run` alike (both build samples with box_config)."""
    spec = _with_network(load_task(task), line, tmp_path)
    config = box_config(spec, IMAGE)
    assert config.allow_internet is online
    mode = container_spec(config, {}, "sample-net" if online else None)["HostConfig"]
    assert mode["NetworkMode"] == ("sample-net" if online else "none")
    assert spec.config.environment.network == ("public" if online else "no-network")


def test_a_run_with_no_checked_task_exits_2_naming_the_command(
    monkeypatch: pytest.MonkeyPatch, task: Path
) -> None:
    import harness.run._records as records

    monkeypatch.setattr(records, "machine_state", lambda: MachineState("unit-test", {}))
    result = CliRunner().invoke(
        _main.horizon, ["run", "--suite", str(task.parent), "--agent", "null"]
    )
    assert result.exit_code == 2, result.output
    assert "no task to run" in result.output and "never checked on this machine" in result.output
    assert f"horizon tasks check --suite {task.parent} hello" in result.output
    assert "Traceback" not in result.output


def test_run_help_says_what_unchecked_means() -> None:
    result = CliRunner().invoke(_main.horizon, ["run", "--help"])
    assert "--unchecked" in result.output and "results/check-records/" in result.output
