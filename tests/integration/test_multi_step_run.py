"""A multi-step Harbor task run for real (Docker): one sandbox, one turn and verifier per step.

The probe agent below looks, as root, for anything of the grading during each of its turns,
and solves only the steps it is told to, so the per-step rewards, their aggregate and the
``min_reward`` stop are known in advance. Then ``horizon tasks check``: the oracle (each
step's own solution) succeeds, the null agent and the adversary fail.
"""

import json
from pathlib import Path

import anyio
import pytest
from click.testing import CliRunner
from inspect_ai import Task, eval
from inspect_ai.agent import Agent, AgentState, agent
from inspect_ai.model import ChatMessageAssistant
from inspect_ai.util import sandbox, store

from harness.agents import AGENTS, AgentEntry, current_step, run_reference_solution
from harness.agents._registry import named
from harness.cli import _main
from harness.handover import Verdict
from harness.run import run_agent, sample_for
from harness.sandbox import build_task_images
from harness.scoring import verifier
from harness.suite import load_task

pytestmark = pytest.mark.docker

TASK = Path(__file__).resolve().parents[1] / "data" / "harbor" / "multi-step"

# Run as root in the sandbox during a turn: every trace of a step's grading it could find.
STALL_SEC = 600
SAMPLE_LIMIT_SEC = 40
"""Inspect's sample-wide time limit in the stalled run: past step 1, well before its stall ends."""

LOOK = "ls -A /tests /tmp/horizon-verifier 2>&1; ls -A /logs/verifier; grep -rl alpha /tests 2>&1"


@agent
def probe(solve: str = "", stall: str = "") -> Agent:
    """Looks for grading files on every turn; runs the solution of the steps named in ``solve``
    and waits out the step named ``stall``."""

    async def execute(state: AgentState) -> AgentState:
        step = current_step()
        assert step is not None
        seen = await sandbox().exec(["sh", "-c", LOOK], user="root", timeout=30)
        read = await sandbox().exec(["cat", "/tests/expected.txt"], timeout=30)  # as the agent
        store().set(f"probe:{step.name}", {"root": seen.stdout, "agent_read": read.returncode})
        if step.name in solve.split(","):
            await run_reference_solution()
        if step.name == stall:
            await anyio.sleep(STALL_SEC)
        state.messages.append(ChatMessageAssistant(content=f"probe: {step.name}"))
        return state

    return execute


@pytest.fixture(scope="module", autouse=True)
def image() -> None:
    build_task_images([load_task(TASK)])


def run_probe(  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, solve: str, **task_args
):
    monkeypatch.setitem(
        AGENTS, "probe", AgentEntry(probe, needs_model=False, alias=named("probe"), help="")
    )
    task = Task(
        dataset=[sample_for(load_task(TASK), "1.0")],
        solver=run_agent("probe", {"solve": solve, "stall": task_args.pop("stall", "")}),
        scorer=verifier(),
        **task_args,
    )
    [log] = eval(task, model="none", log_dir=str(tmp_path), display="none")
    [sample] = log.samples or []
    assert sample.error is None, sample.error
    [score] = (sample.scores or {}).values()
    return sample, score, Verdict.from_metadata(score.metadata, "probe sample")


def test_each_step_is_graded_and_the_mean_is_the_score(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    sample, score, verdict = run_probe(monkeypatch, tmp_path, solve="write")
    assert [(s.name, s.reward, s.outcome) for s in verdict.steps] == [
        ("write", 1.0, "success"),
        ("append", 0.0, "failure"),
    ]
    assert (verdict.reward, verdict.reward_strategy, verdict.skipped_steps) == (0.5, "mean", ())
    assert (score.value, score.answer) == (0.5, "failure")
    # Each turn was a fresh conversation on its step's instruction; the log keeps both turns.
    users = [m.text for m in sample.messages if m.role == "user"]
    assert [u.split()[0] for u in users] == ["Create", "Append"]
    # The second turn finds nothing of the first step's grading, not even as root: its tests
    # (with the expected output), the verifier's scratch folder and its reward are gone.
    append_turn = sample.store["probe:append"]
    assert "No such file or directory" in append_turn["root"]
    assert "/tests/expected.txt" not in append_turn["root"]
    assert "reward" not in append_turn["root"]
    assert append_turn["agent_read"] != 0
    assert sample.store["probe:write"]["root"] == append_turn["root"]  # as before any grading


def test_a_step_below_its_min_reward_skips_the_rest(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    sample, score, verdict = run_probe(monkeypatch, tmp_path, solve="")
    assert [(s.name, s.reward) for s in verdict.steps] == [("write", 0.0)]
    assert verdict.skipped_steps == ("append",)
    assert (score.value, score.answer) == (0.0, "failure")
    assert "probe:append" not in sample.store  # no second turn
    assert json.dumps(score.metadata)  # plain JSON, as the log stores it


def test_a_sample_wide_limit_mid_turn_grades_that_step_and_fails_the_rest(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # Solves both steps, but Inspect's sample time limit ends the second turn before it could.
    _, score, verdict = run_probe(
        monkeypatch, tmp_path, solve="write", stall="append", time_limit=SAMPLE_LIMIT_SEC
    )
    assert [(s.name, s.reward) for s in verdict.steps] == [("write", 1.0), ("append", 0.0)]
    assert (score.value, score.answer) == (0.5, "failure")


def test_the_task_passes_tasks_check() -> None:
    result = CliRunner().invoke(
        _main.horizon, ["tasks", "check", "--path", str(TASK.parent), "multi-step", "--json"]
    )
    assert result.exit_code == 0, result.output
    [check] = json.loads(result.stdout)
    assert check["outcomes"] == {"oracle": "success", "null": "failure", "adversary": "failure"}
    assert check["ok"] and check["has_solution"]
