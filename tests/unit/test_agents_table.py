"""The agent table: every entry makes an Inspect agent, has an alias and a help line, and the
lookups fail helpfully without naming CLI flags (the CLI adds those)."""

from typing import Any

import pytest

from harness.agents import AGENTS, agent_entry, get_agent
from harness.errors import InputError
from harness.run import RunSettings, run_suite

EXAMPLE_ARGS: dict[str, dict[str, Any]] = {"sim": {"horizon": 30}}
"""Arguments an agent cannot be made without; every other agent must work with none."""


@pytest.mark.parametrize("name", list(AGENTS))
def test_every_agent_is_made_labelled_and_described(name: str) -> None:
    entry = AGENTS[name]
    args = EXAMPLE_ARGS.get(name, {})
    assert callable(get_agent(name, **args))
    alias = entry.alias("openai/some-model", args)
    assert alias and isinstance(alias, str)
    assert entry.help and "\n" not in entry.help


def test_aliases() -> None:
    model = "openai/gpt-5"
    assert AGENTS["react"].alias(model, {}) == model
    assert AGENTS["oracle"].alias(model, {}) == "oracle"
    assert AGENTS["null"].alias(model, {}) == "null"
    assert AGENTS["sim"].alias(model, {"horizon": 30}) == "sim/h=30m"
    assert AGENTS["sim"].alias(model, {"horizon": 0.5, "slope": 1}) == "sim/h=0.5m"


def test_only_react_needs_a_model() -> None:
    assert {name for name, e in AGENTS.items() if e.needs_model} == {"react"}


def test_unknown_agent_lists_the_known_ones_and_the_nearest() -> None:
    with pytest.raises(InputError) as caught:
        agent_entry("reactt")
    message = str(caught.value)
    assert message.startswith("unknown agent 'reactt'")
    assert all(name in message for name in AGENTS)
    assert "Did you mean 'react'?" in message


@pytest.mark.parametrize(
    ("name", "args", "expected"),
    [
        ("sim", {"horizon": -3}, "sim needs horizon > 0"),
        ("sim", {}, "horizon"),
        ("oracle", {"colour": "red"}, "colour"),
    ],
)
def test_bad_arguments_are_input_errors(name: str, args: dict[str, Any], expected: str) -> None:
    with pytest.raises(InputError, match=expected) as caught:
        get_agent(name, **args)
    assert str(caught.value).startswith(f"bad argument for agent {name!r}")


@pytest.mark.parametrize("call", [lambda: agent_entry("x"), lambda: get_agent("sim")])
def test_library_errors_do_not_name_cli_flags(call: Any) -> None:
    with pytest.raises(InputError) as caught:
        call()
    assert "--agent" not in str(caught.value) and "-A" not in str(caught.value)


def test_a_model_driven_agent_without_a_model_fails_before_anything_runs() -> None:
    with pytest.raises(InputError, match="calls a model, but no model was named"):
        run_suite(RunSettings(), progress=None)
