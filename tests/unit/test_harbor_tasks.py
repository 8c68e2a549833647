"""Harbor task folders in every shape (tests/data/harbor): each loads as Harbor reads it, or is
reported "unsupported here" / invalid with file, field and fix, and the rest of its folder loads."""

import json
import math
import shutil
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from harness.cli import _main
from harness.errors import InputError, TaskSpecError, TaskUnsupportedError
from harness.horizon._checks import scored_runs, untimed_tasks
from harness.horizon._diagnostics import Flag
from harness.horizon._params import HorizonParams
from harness.runs import validate_runs
from harness.scoring import parse_reward
from harness.suite import bucket_table, import_dataset, load_suite, load_task

HARBOR = Path(__file__).resolve().parents[1] / "data" / "harbor"
LOADABLE = {
    "schema-1-0",
    "schema-1-1",
    "cookbook-untimed",
    "multi-key-reward",
    "no-solution",
    "solution-env",
    "prebuilt-image",
    "sidecar-compose",
    "sidecar-http",
    "image-map",
    "env-workdir-health",
    "verifier-user",
    "multi-step",
    "separate-verifier",
}
UNSUPPORTED = {
    "gpu-task": "unsupported here: [environment].gpus",
}
INVALID = {"invalid-size": "[environment]: `memory`: size 'lots' is not a number"}


def test_schema_1_0_reads_size_strings_into_limits_and_category_as_family() -> None:
    spec = load_task(HARBOR / "schema-1-0")
    env = spec.config.environment
    assert (env.memory_mb, env.storage_mb) == (1024, 2048)
    assert spec.family == "file-operations"
    assert spec.human_minutes == 2.0 and spec.human_source == "expert-estimate"
    assert env.allow_internet is True  # Harbor's default: network on
    assert spec.config.metadata.junior_time_estimate_min == 5.0


def test_schema_1_1_keeps_harbor_keys_and_its_network_mode() -> None:
    spec = load_task(HARBOR / "schema-1-1")
    config = spec.config
    assert config.version == "1.1"
    assert config.task is not None and config.task.name == "example/schema-1-1"
    assert [a.name for a in config.task.authors] == ["Example Author"]
    assert config.task.keywords == ("bash", "hello")
    assert config.source == "https://example.com/harbor-datasets/hello"
    assert config.metadata.model_extra == {"reviewed_by": "someone"}
    assert config.environment.network == "no-network"
    assert config.environment.allow_internet is False
    assert [n.split(": ", 1)[1] for n in spec.notices] == [
        "unsupported here: artifacts: not collected (the Inspect log keeps the transcript)"
    ]


def test_a_task_without_human_time_loads_untimed() -> None:
    spec = load_task(HARBOR / "cookbook-untimed")
    assert spec.human_minutes is None and spec.human_source == "none"
    assert spec.family == "cookbook-untimed"


def test_solution_is_optional_and_solution_env_resolves_harbor_templates(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert not load_task(HARBOR / "no-solution").has_solution
    spec = load_task(HARBOR / "solution-env")
    monkeypatch.delenv("HORIZON_TEST_UNSET_GREETING", raising=False)
    assert spec.solution_env == {"GREETING": "Hello, world!"}
    monkeypatch.setenv("HORIZON_TEST_UNSET_GREETING", "hi")
    assert spec.solution_env == {"GREETING": "hi"}


def test_an_env_template_without_default_names_the_variable_to_export(tmp_path: Path) -> None:
    task = tmp_path / "t"
    shutil.copytree(HARBOR / "schema-1-0", task)
    with (task / "task.toml").open("a") as toml:
        toml.write('\n[verifier.env]\nAPI_KEY = "${HORIZON_TEST_NEVER_SET}"\n')
    with pytest.raises(TaskSpecError, match=r"\[verifier\].env: \$\{HORIZON_TEST_NEVER_SET\} is "):
        load_task(task)


@pytest.mark.parametrize("name", sorted(UNSUPPORTED))
def test_what_horizon_cannot_do_here_is_named_per_task(name: str) -> None:
    with pytest.raises(TaskUnsupportedError) as raised:
        load_task(HARBOR / name)
    message = str(raised.value)
    assert str(HARBOR / name / "task.toml") in message
    assert UNSUPPORTED[name] in message
    assert "Run this task with Harbor" in message


def test_an_invalid_task_names_file_field_and_fix() -> None:
    with pytest.raises(TaskSpecError) as raised:
        load_task(HARBOR / "invalid-size")
    assert not isinstance(raised.value, TaskUnsupportedError)
    assert f"{HARBOR / 'invalid-size' / 'task.toml'}: {INVALID['invalid-size']}" in str(
        raised.value
    )
    assert "e.g. '8G'" in str(raised.value)


def test_harbor_tables_keep_unknown_keys_as_notices(tmp_path: Path) -> None:
    task = tmp_path / "t"
    shutil.copytree(HARBOR / "schema-1-0", task)
    toml = (task / "task.toml").read_text()
    (task / "task.toml").write_text("future_key = 1\n" + toml + "\nfuture_env_key = true\n")
    notices = load_task(task).notices
    assert any("(top level).future_key: unknown key, kept" in n for n in notices)
    assert any("[environment].future_env_key: unknown key, kept" in n for n in notices)


def test_size_string_and_mb_must_agree(tmp_path: Path) -> None:
    task = tmp_path / "t"
    shutil.copytree(HARBOR / "schema-1-0", task)
    toml = (task / "task.toml").read_text()
    (task / "task.toml").write_text(toml.replace('memory = "1G"', 'memory = "1G"\nmemory_mb = 512'))
    with pytest.raises(TaskSpecError, match="disagree: keep one of them"):
        load_task(task)


def test_horizon_tasks_still_need_human_time_and_strict_top_level() -> None:
    smoke = load_suite("smoke")
    assert all(t.human_minutes is not None for t in smoke.tasks)
    assert all(not t.config.environment.allow_internet for t in smoke.tasks)


def test_a_mixed_folder_loads_the_valid_tasks_and_names_each_invalid_one() -> None:
    loaded = load_suite(HARBOR, strict=False)
    assert {t.id for t in loaded.tasks} == LOADABLE
    problems = "\n".join(loaded.problems)
    for name in [*UNSUPPORTED, *INVALID]:
        assert str(HARBOR / name / "task.toml") in problems
    with pytest.raises(TaskSpecError):
        load_suite(HARBOR)  # strict: all or nothing, as before
    assert "untimed" in bucket_table(loaded)


def test_tasks_list_path_lists_the_valid_and_names_the_invalid_on_stderr() -> None:
    result = CliRunner().invoke(_main.horizon, ["tasks", "list", "--path", str(HARBOR), "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert {r["task_id"] for r in rows} == LOADABLE
    untimed = next(r for r in rows if r["task_id"] == "cookbook-untimed")
    assert untimed["human_minutes"] is None and untimed["bucket"] == "untimed"
    assert next(r for r in rows if r["task_id"] == "schema-1-0")["junior_minutes"] == 5.0
    assert "2 task(s) not loaded" in result.stderr
    for name in [*UNSUPPORTED, *INVALID]:
        assert name in result.stderr
    assert "Traceback" not in result.output


def test_tasks_list_strict_or_nothing_loadable_exits_2(tmp_path: Path) -> None:
    strict = CliRunner().invoke(_main.horizon, ["tasks", "list", "--path", str(HARBOR), "--strict"])
    assert strict.exit_code == 2 and "gpu-task" in strict.output
    shutil.copytree(HARBOR / "gpu-task", tmp_path / "gpu-task")
    nothing = CliRunner().invoke(_main.horizon, ["tasks", "list", "--path", str(tmp_path)])
    assert nothing.exit_code == 2 and "unsupported here" in nothing.output
    single = CliRunner().invoke(
        _main.horizon, ["tasks", "list", "--path", str(HARBOR / "schema-1-1")]
    )
    assert single.exit_code == 0 and "schema-1-1" in single.stdout


def test_multi_key_reward_json_is_read_by_reward_key_else_the_mean() -> None:
    text = '{"correctness": 1, "style": 0.5, "note": "advisory", "flag": true}'
    assert parse_reward(text, json_format=True, key="correctness") == 1.0
    assert parse_reward(text, json_format=True) == 0.75  # no "reward": mean of numeric keys
    assert parse_reward(text, json_format=True, key="mean") == 0.75
    assert parse_reward('{"reward": 0.2, "x": 1}', json_format=True) == 0.2
    with pytest.raises(ValueError, match="no key 'speed'"):
        parse_reward(text, json_format=True, key="speed")
    assert load_task(HARBOR / "multi-key-reward").config.verifier.reward_key == "correctness"


def _runs(minutes: list[float | None]) -> pd.DataFrame:
    return validate_runs(
        pd.DataFrame(
            {
                "run_id": [f"r{i}" for i in range(len(minutes))],
                "alias": "a",
                "task_id": [f"t{i}" for i in range(len(minutes))],
                "task_family": "f",
                "human_minutes": minutes,
                "score": [1.0, 0.0] * (len(minutes) // 2),
                "score_binarized": [1, 0] * (len(minutes) // 2),
                "outcome": ["success", "failure"] * (len(minutes) // 2),
                "source": "test",
            }
        )
    )


def test_runs_without_human_time_are_counted_and_left_out_of_the_fit() -> None:
    runs = _runs([2.0, 4.0, None, None])
    assert math.isnan(runs["human_minutes"].iloc[2])
    assert set(scored_runs(runs, HorizonParams())["task_id"]) == {"t0", "t1"}
    [warning] = untimed_tasks(runs)
    assert warning.code == Flag.UNTIMED_TASKS
    assert warning.message.startswith("2 tasks without human time: not in the fit")
    assert untimed_tasks(_runs([2.0, 4.0])) == []


def test_import_copies_what_runs_and_reports_kept_mapped_and_unsupported(tmp_path: Path) -> None:
    source = tmp_path / "checkout"
    shutil.copytree(HARBOR, source / "tasks")
    (source / ".git").mkdir()
    result = CliRunner().invoke(
        _main.horizon,
        ["tasks", "import", str(source), "--suite", "tb", "--tasks-dir", str(tmp_path / "out")],
    )
    assert result.exit_code == 0, result.output
    suite = tmp_path / "out" / "tb"
    assert {p.name for p in suite.iterdir() if p.is_dir()} == LOADABLE
    assert 'name = "tb"' in (suite / "suite.toml").read_text()
    assert "mapped       schema-1-0" in result.stdout
    assert "memory = '1G': memory_mb = 1024" in result.stdout
    assert "network on (Harbor's default)" in result.stdout
    assert "network_mode = 'no-network': allow_internet = False" in result.stdout
    assert "unsupported  gpu-task" in result.stdout
    assert "invalid      invalid-size" in result.stdout
    assert "14 mapped, 1 unsupported, 1 invalid" in result.stderr
    assert {t.id for t in load_suite(suite).tasks} == LOADABLE  # loads strictly, as a suite
    again = CliRunner().invoke(
        _main.horizon,
        ["tasks", "import", str(source), "--suite", "tb", "--tasks-dir", str(tmp_path / "out")],
    )
    assert again.exit_code == 2 and "already exists" in again.output


def test_import_from_a_dataset_toml_takes_the_listed_tasks(tmp_path: Path) -> None:
    source = tmp_path / "ds"
    shutil.copytree(HARBOR, source)
    (source / "dataset.toml").write_text(
        '[dataset]\nname = "example/hello"\nversion = "2.1"\n\n'
        '[[tasks]]\nname = "example/schema-1-1"\ndigest = "sha256:' + "0" * 64 + '"\n\n'
        '[[tasks]]\nname = "example/multi-key-reward"\n\n'
        '[[tasks]]\nname = "example/absent"\n'
    )
    report = import_dataset(source / "dataset.toml", "hello", tmp_path / "out")
    statuses = {t.id: t.status for t in report.tasks}
    assert statuses == {
        "schema-1-1": "mapped",
        "multi-key-reward": "mapped",
        "example/absent": "not found",
    }
    assert 'version = "2.1"' in (report.suite_dir / "suite.toml").read_text()


def test_import_with_nothing_runnable_creates_nothing(tmp_path: Path) -> None:
    shutil.copytree(HARBOR / "gpu-task", tmp_path / "src" / "gpu-task")
    with pytest.raises(InputError, match="no task horizon can run here"):
        import_dataset(tmp_path / "src", "x", tmp_path / "out")
    assert not (tmp_path / "out" / "x").exists()


def test_a_run_without_named_tasks_runs_the_loadable_ones() -> None:
    from harness.cli.tasks import loadable_task_ids

    assert set(loadable_task_ids(str(HARBOR))) == LOADABLE
    assert loadable_task_ids("smoke") == ()  # all load: the run keeps its identity


def test_the_verifier_gets_terminal_bench_test_dir() -> None:
    from harness.scoring._verifier import TESTS_PATH, VERIFIER_ENV

    assert VERIFIER_ENV["TEST_DIR"] == TESTS_PATH


def test_harbor_users_may_be_uids_and_root_is_weakly_isolated(tmp_path: Path) -> None:
    task = tmp_path / "t"
    shutil.copytree(HARBOR / "schema-1-0", task)
    toml = (task / "task.toml").read_text()
    (task / "task.toml").write_text(
        toml.replace("[agent]\n", "[agent]\nuser = 0\n").replace(
            "[verifier]\n", "[verifier]\nuser = 0\n"
        )
    )
    spec = load_task(task)
    assert spec.config.agent.user == "0" and spec.weakly_isolated
    assert spec.config.verifier.user == "0"  # root: what horizon's verifier runs as anyway


def test_a_verifier_user_of_its_own_is_honoured_but_never_the_agents(tmp_path: Path) -> None:
    from harness.scoring._verifier import VERIFIER_ENV, _verifier_command

    spec = load_task(HARBOR / "verifier-user")
    assert spec.config.verifier.user == "grader"
    command = _verifier_command(spec)
    assert command[:3] == ["/usr/bin/env", "-i", f"PATH={VERIFIER_ENV['PATH']}"]
    start = command.index("-c") + 1
    script, name, user = command[start : start + 3]
    assert "setpriv --reuid" in script and (name, user) == ("verifier", "grader")
    assert "PYTHONNOUSERSITE=1" in command[start + 3 :]
    assert not any(arg.startswith("HOME=") for arg in command)  # the user's own, set inside
    task = tmp_path / "t"
    shutil.copytree(HARBOR / "verifier-user", task)
    toml = (task / "task.toml").read_text()
    (task / "task.toml").write_text(toml.replace('user = "grader"', 'user = "agent"'))
    with pytest.raises(
        TaskUnsupportedError, match=r"\[verifier\]\.user: 'agent' is also the agent"
    ):
        load_task(task)


def test_free_form_metadata_is_read_as_harbor_keeps_it(tmp_path: Path) -> None:
    task = tmp_path / "t"
    shutil.copytree(HARBOR / "schema-1-0", task)
    toml = (task / "task.toml").read_text()
    (task / "task.toml").write_text(
        toml.replace('difficulty = "easy"', "difficulty = 3").replace(
            'tags = ["bash"]', 'tags = ["bash", 2024]\nrubric = { points = 3 }'
        )
    )
    metadata = load_task(task).config.metadata
    assert metadata.difficulty == "3" and metadata.tags == ("bash", "2024")
    assert metadata.model_extra == {"rubric": {"points": 3}}
