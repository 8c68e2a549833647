"""The CLI's contract: lazy loading, one default suite, ranges on integers, usage errors exit 2."""

import json
import subprocess
import sys

import click
import pytest
from click.testing import CliRunner

from harness._paths import DEFAULT_SUITE
from harness.agents import AGENTS
from harness.cli import _main

HEAVY = ("inspect_ai", "pandas", "numpy", "matplotlib")
"""What `horizon --help` and `horizon compare` must not import: each costs seconds."""

# Run in a fresh interpreter: this test process has long imported everything.
IMPORTS_AFTER = """
import json, sys
from click.testing import CliRunner
from harness.cli import _main
result = CliRunner().invoke(_main.horizon, sys.argv[1:])
assert result.exit_code == 0, result.output
print(json.dumps(sorted({m.split(".")[0] for m in sys.modules})))
"""


def _top_level_modules_after(*args: str) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-c", IMPORTS_AFTER, *args],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return set(json.loads(done.stdout.splitlines()[-1]))


@pytest.mark.parametrize("args", [["--help"], ["compare", "--help"]])
def test_help_imports_no_inspect_pandas_numpy_or_matplotlib(args: list[str]) -> None:
    loaded = _top_level_modules_after(*args)
    assert "harness" in loaded  # the probe works
    assert not loaded & set(HEAVY), f"`horizon {' '.join(args)}` imported {loaded & set(HEAVY)}"


def test_group_help_lists_every_command_without_loading_it() -> None:
    group = _main.HorizonGroup(name="probe")  # a fresh group: nothing loaded yet
    ctx = click.Context(group)
    text = group.get_help(ctx)
    for name, entry in _main.COMMANDS.items():
        assert name in text and entry.summary.split()[0] in text
    assert group.commands == {}


@pytest.mark.parametrize("name", list(_main.COMMANDS))
def test_summaries_match_the_commands_docstrings(name: str) -> None:
    command = _main.horizon.get_command(click.Context(_main.horizon), name)
    assert command is not None and command.help is not None
    assert command.help.strip().splitlines()[0] == _main.COMMANDS[name].summary


@pytest.mark.parametrize("name", list(_main.COMMANDS))
def test_each_command_shows_its_full_help(name: str) -> None:
    result = CliRunner().invoke(_main.horizon, [name, "--help"])
    assert result.exit_code == 0, result.output
    assert _main.COMMANDS[name].summary in " ".join(result.output.split())
    assert "Usage: horizon" in result.output


def _commands() -> list[click.Command]:
    ctx = click.Context(_main.horizon)
    found = []
    for name in _main.COMMANDS:
        command = _main.horizon.get_command(ctx, name)
        assert command is not None
        found.extend(command.commands.values() if isinstance(command, click.Group) else [command])
    return found


def test_every_suite_option_defaults_to_the_one_default_suite() -> None:
    suite_options = [(c.name, p) for c in _commands() for p in c.params if p.name == "suite"]
    assert len(suite_options) >= 5  # run, tasks list, tasks check, demo, baseline
    for name, option in suite_options:
        assert option.default == DEFAULT_SUITE, name


def test_integer_options_have_ranges() -> None:
    for command in _commands():
        for param in command.params:
            if isinstance(param, click.Option) and param.type is click.INT:
                pytest.fail(f"{command.name} {param.opts[0]}: a bare int; use click.IntRange")


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (["run", "--agent", "oracle", "--epochs", "0"], "--epochs"),
        (["run", "--agent", "oracle", "--max-sandboxes", "0"], "--max-sandboxes"),
        (["run", "--agent", "oracle", "--retries", "-1"], "--retries"),
        (["run", "--agent", "oracle", "--time-multiplier", "0"], "--time-multiplier"),
        (["tasks", "check", "--max-sandboxes", "0"], "--max-sandboxes"),
        (["demo", "--epochs", "0"], "--epochs"),
    ],
)
def test_out_of_range_values_are_usage_errors(args: list[str], option: str) -> None:
    result = CliRunner().invoke(_main.horizon, args)
    assert result.exit_code == 2, result.output
    assert option in result.output and "Traceback" not in result.output


def test_run_with_its_defaults_names_both_fixes() -> None:
    result = CliRunner().invoke(_main.horizon, ["run"], env={"HORIZON_MODEL": None})
    assert result.exit_code == 2, result.output
    assert "--model" in result.output and "--agent oracle" in result.output


def test_agent_help_lists_every_agent_of_the_table() -> None:
    result = CliRunner().invoke(_main.horizon, ["run", "--help"])
    text = " ".join(result.output.split())
    for name, entry in AGENTS.items():
        assert f"{name}: {entry.help}" in text


def test_unknown_agent_is_a_usage_error_on_the_option() -> None:
    result = CliRunner().invoke(_main.horizon, ["run", "--agent", "orcale"])
    assert result.exit_code == 2
    assert "'--agent'" in result.output and "Did you mean 'oracle'?" in result.output


def test_suite_and_path_together_are_a_usage_error(tmp_path: object) -> None:
    result = CliRunner().invoke(
        _main.horizon, ["tasks", "check", "--suite", "core", "--path", str(tmp_path)]
    )
    assert result.exit_code == 2 and "give one of them" in result.output
