"""Malformed task folders: each gives its own clear message (file, field, fix) and exit 2."""

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from harness.cli import _main
from harness.suite import load_suite, load_task

VALID = Path(__file__).resolve().parents[2] / "tasks" / "smoke" / "fix-inclusive-range"


def _edit_toml(old: str, new: str) -> Callable[[Path], None]:
    def edit(task: Path) -> None:
        text = (task / "task.toml").read_text()
        assert old in text, old
        (task / "task.toml").write_text(text.replace(old, new, 1))

    return edit


def _remove(rel: str) -> Callable[[Path], None]:
    def remove(task: Path) -> None:
        (task / rel).unlink()

    return remove


def _write(rel: str, text: str) -> Callable[[Path], None]:
    def write(task: Path) -> None:
        (task / rel).write_text(text)

    return write


def _both(*edits: Callable[[Path], None]) -> Callable[[Path], None]:
    def edit(task: Path) -> None:
        for one in edits:
            one(task)

    return edit


HUMAN = '[human]\nminutes = 2\nsource = "estimate"\n'

MALFORMED: dict[str, tuple[Callable[[Path], None], list[str]]] = {
    "no task.toml": (_remove("task.toml"), ["task.toml: file not found"]),
    "toml syntax": (
        _edit_toml('family = "smoke-bugfix"', 'family = "smoke'),
        ["not valid TOML", "line"],
    ),
    "zero minutes": (
        _edit_toml("minutes = 2\n", "minutes = 0\n"),
        ["[human].minutes", "greater than 0", "(got 0)"],
    ),
    "negative minutes": (
        _edit_toml("minutes = 2\n", "minutes = -5\n"),
        ["[human].minutes", "(got -5)"],
    ),
    "bad source": (
        _edit_toml('source = "estimate"', 'source = "guess"'),
        ["[human].source", "'guess'", "baseline, estimate, expert-estimate"],
    ),
    "unknown top-level key": (
        _edit_toml("family = ", 'familly = "x"\nfamily = '),
        ["familly", "Extra inputs", "spelling"],
    ),
    "unknown human key": (
        _edit_toml("minutes = 2\n", "minutes = 2\nminuts = 3\n"),
        ["[human].minuts", "Extra inputs"],
    ),
    "no human time": (
        _both(_edit_toml(HUMAN, "[x-human]\n"), _edit_toml("expert_time_estimate_min = 2\n", "")),
        ["no human time", "[human]", "expert_time_estimate_min"],
    ),
    "wrong type": (
        _edit_toml("[agent]\ntimeout_sec = 600", '[agent]\ntimeout_sec = "long"'),
        ["[agent].timeout_sec", "'long'"],
    ),
    "negative memory": (
        _edit_toml("memory_mb = 1024", "memory_mb = -1"),
        ["[environment].memory_mb", "(got -1)"],
    ),
    "estimate without rationale": (
        _edit_toml('rationale = "Read a 15-line', 'x-rationale = "Read a 15-line'),
        ["[human]", "rationale"],
    ),
    "bad baseline": (
        _edit_toml("[agent]", '[[human.baselines]]\nminutes = "ten"\nsuccess = true\n\n[agent]'),
        ["[human.baselines.0].minutes", "'ten'"],
    ),
    "id mismatch": (
        _edit_toml('id = "fix-inclusive-range"', 'id = "other-name"'),
        ["id: must equal the folder name", "'other-name'"],
    ),
    "no Dockerfile": (
        _remove("environment/Dockerfile"),
        ["environment/Dockerfile: missing", "FROM horizon-python"],
    ),
    "no test.sh": (_remove("tests/test.sh"), ["tests/test.sh: missing", "reward.txt"]),
    "no solve.sh": (
        _remove("solution/solve.sh"),
        ["solution/solve.sh: missing", "reference solution"],
    ),
    "no instruction": (_remove("instruction.md"), ["instruction.md: missing"]),
    "empty instruction": (_write("instruction.md", "  \n"), ["instruction.md: empty"]),
}


@pytest.fixture
def suite(tmp_path: Path) -> Path:
    (tmp_path / "suite.toml").write_text('name = "t"\nversion = "1"\ndescription = "test"\n')
    shutil.copytree(VALID, tmp_path / VALID.name)
    return tmp_path


def test_the_unmodified_fixture_is_valid(suite: Path) -> None:
    assert load_task(suite / VALID.name).human_minutes == 2


@pytest.mark.parametrize("case", MALFORMED, ids=list(MALFORMED))
def test_malformed_task_gives_a_clear_message_and_exit_2(suite: Path, case: str) -> None:
    mutate, expected = MALFORMED[case]
    mutate(suite / VALID.name)
    result = CliRunner().invoke(_main.horizon, ["tasks", "list", "--suite", str(suite)])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    message = result.output
    for fragment in expected:
        assert fragment in message, f"{fragment!r} not in:\n{message}"
    # Every message names the file it is about.
    assert str(suite / VALID.name) in message


def test_all_problems_of_a_suite_are_reported_together(suite: Path) -> None:
    shutil.copytree(suite / VALID.name, suite / "second-task")
    _edit_toml('id = "fix-inclusive-range"\n', "")(suite / "second-task")
    _remove("tests/test.sh")(suite / VALID.name)
    _edit_toml("minutes = 2\n", "minutes = 0\n")(suite / "second-task")
    with pytest.raises(Exception) as raised:
        load_suite(suite)
    assert "fix-inclusive-range/tests/test.sh" in str(raised.value)
    assert "second-task/task.toml: [human].minutes" in str(raised.value)


def test_suite_toml_problems_name_the_field(suite: Path) -> None:
    (suite / "suite.toml").write_text('name = "t"\nversion = "1"\n')
    result = CliRunner().invoke(_main.horizon, ["tasks", "list", "--suite", str(suite)])
    assert result.exit_code == 2
    assert "suite.toml: description: Field required" in result.output


def test_unknown_suite_lists_the_known_ones() -> None:
    result = CliRunner().invoke(_main.horizon, ["tasks", "list", "--suite", "nope"])
    assert result.exit_code == 2
    assert "Known suites:" in result.output and "smoke" in result.output


def test_baselines_replace_the_estimate_with_their_geometric_mean(suite: Path) -> None:
    _edit_toml(
        "[agent]",
        "[[human.baselines]]\nminutes = 4\nsuccess = true\n\n"
        "[[human.baselines]]\nminutes = 16\nsuccess = true\n\n"
        "[[human.baselines]]\nminutes = 100\nsuccess = false\n\n[agent]",
    )(suite / VALID.name)
    spec = load_task(suite / VALID.name)
    assert spec.human_minutes == pytest.approx(8.0)
    assert spec.human_source == "baseline"


def test_recorded_baselines_append_to_task_toml_and_replace_the_estimate(suite: Path) -> None:
    from harness.suite import Baseline, append_baseline

    task = suite / VALID.name
    _edit_toml("[agent]", "[human.x-note]\n\n[agent]")  # keep the file's other tables intact
    (task / "task.toml").write_text(
        (task / "task.toml").read_text().replace('rationale = "', 'baselines = []\nrationale = "')
    )
    append_baseline(
        load_task(task), Baseline(minutes=3.0, success=True, date="2026-11-26", who="a")
    )
    append_baseline(load_task(task), Baseline(minutes=12.0, success=True, who="b"))
    append_baseline(load_task(task), Baseline(minutes=40.0, success=False))
    spec = load_task(task)
    assert [b.minutes for b in spec.config.human.baselines] == [3.0, 12.0, 40.0]  # type: ignore[union-attr]
    assert spec.human_minutes == pytest.approx(6.0) and spec.human_source == "baseline"
    assert "Read a 15-line module" in (task / "task.toml").read_text()  # nothing else lost


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--agent", "reactt"], "Did you mean 'react'?"),
        (["--agent", "sim", "-A", "horizon"], "expected key=value"),
        (["--agent", "sim", "-A", "horizon=-3"], "sim needs horizon > 0"),
        (["--agent", "sim", "-A", "horizon=3", "-A", "colour=red"], "bad argument for agent 'sim'"),
    ],
)
def test_bad_agent_options_are_a_message_and_exit_2(args: list[str], message: str) -> None:
    result = CliRunner().invoke(_main.horizon, ["run", "--suite", "smoke", *args])
    assert result.exit_code == 2, result.output
    assert message in result.output and "Traceback" not in result.output
