"""Inspect ``.eval`` logs -> runs table, and the reader registry's conformance test.

The logs are built here as ``horizon run`` writes them: the eval's ``RunInfo``, each sample's
``TaskInfo`` and the ``verifier`` score's ``Verdict``, all written through their
``harness.handover`` models. The last tests run a real ``eval_set`` (no Docker, no model
calls) to check which Inspect id stays the same across a resumed run.
"""

import json
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from inspect_ai import Task, eval_set, task
from inspect_ai._util.error import EvalError
from inspect_ai.dataset import Sample
from inspect_ai.log import (
    EvalConfig,
    EvalDataset,
    EvalLog,
    EvalSample,
    EvalSpec,
    read_eval_log,
    write_eval_log,
)
from inspect_ai.model import ModelUsage
from inspect_ai.scorer import Score, Scorer, Target, mean, scorer
from inspect_ai.solver import Generate, Solver, TaskState, solver

from harness.cli._main import horizon
from harness.errors import InputError
from harness.handover import RunInfo, TaskInfo, Verdict
from harness.run import summarize_logs
from harness.runs import (
    INSPECT_COLUMNS,
    RUNS_COLUMNS,
    Outcome,
    get_reader,
    read_runs,
    reader_names,
    write_runs,
)

DATA = Path(__file__).resolve().parents[1] / "data" / "runs"


@dataclass(frozen=True)
class Attempt:
    """One sample of a fake log."""

    task: str
    outcome: str
    """An :class:`Outcome` value scored by the verifier, or ``error`` (no score)."""
    minutes: float = 10.0
    agent_user: str = "agent"
    cause: str | None = None


def task_info(task: str, minutes: float, agent_user: str = "agent") -> TaskInfo:
    return TaskInfo(
        task_id=task,
        family=f"fam-{task.removeprefix('t-')}",
        suite="core",
        suite_version="1",
        human_minutes=minutes,
        human_source="estimate",
        task_hash="0" * 16,
        task_path=f"/tasks/core/{task}",
        agent_user=agent_user,
    )


def eval_sample(attempt: Attempt, epoch: int = 1) -> EvalSample:
    scores = None
    error = None
    if attempt.outcome == "error":
        error = EvalError(message="sandbox died", traceback="", traceback_ansi="")
    else:
        reward = 1.0 if attempt.outcome == Outcome.SUCCESS else 0.0
        verdict = Verdict(
            outcome=Outcome(attempt.outcome),
            reward=reward,
            reward_file="reward.txt",
            reward_threshold=1.0,
            verifier_exit_code=0,
            cause=attempt.cause,
        )
        scores = {
            "verifier": Score(
                value=reward, explanation=f"tail of {attempt.task}", metadata=verdict.to_metadata()
            )
        }
    return EvalSample(
        id=attempt.task,
        epoch=epoch,
        input="do it",
        target="",
        metadata=task_info(attempt.task, attempt.minutes, attempt.agent_user).to_metadata(),
        scores=scores,
        error=error,
        total_time=12.5,
        model_usage={
            "openai/gpt-5": ModelUsage(input_tokens=70, output_tokens=30, total_tokens=100)
        },
    )


@dataclass(frozen=True)
class Run:
    """The eval-level facts of a fake log."""

    eval_set_id: str | None = "set-one"
    run_id: str = "run-one"
    alias: str = "openai/gpt-5"
    agent: str = "react"
    metadata: dict[str, object] | None = field(default=None)


def write_log(path: Path, *, created: str, attempts: list[Attempt], run: Run = Run()) -> Path:
    """Write one log as ``horizon run`` would."""
    ids = [a.task for a in attempts]
    metadata = run.metadata
    if metadata is None:
        metadata = {
            "horizon_version": "0.1.0",
            **RunInfo(
                suite="core", suite_version="1", agent=run.agent, alias=run.alias
            ).to_metadata(),
        }
    spec = EvalSpec(
        created=created,
        task="core-react",
        dataset=EvalDataset(name="core", samples=len(ids), sample_ids=ids),
        model="openai/gpt-5",
        config=EvalConfig(),
        metadata=metadata,
        eval_set_id=run.eval_set_id,
        run_id=run.run_id,
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    write_eval_log(
        EvalLog(eval=spec, samples=[eval_sample(a) for a in attempts], status="success"), str(path)
    )
    return path


def write_example_logs(folder: Path) -> list[Path]:
    """One run of two logs (the second retries two errored samples), and an oracle's log."""
    first = write_log(
        folder / "first.eval",
        created="2026-01-01T00:00:00+00:00",
        run=Run(run_id="attempt-1"),
        attempts=[
            Attempt("t-ok", "success", 3.0),
            Attempt("t-fail", "failure", 30.0, cause="tests deleted by the agent"),
            Attempt("t-err", "error", 10.0),
            Attempt("t-lost", "error", 100.0),
        ],
    )
    retry = write_log(
        folder / "retry.eval",
        created="2026-01-02T00:00:00+00:00",
        run=Run(run_id="attempt-2"),
        attempts=[Attempt("t-err", "success", 10.0), Attempt("t-lost", "error", 100.0)],
    )
    oracle = write_log(
        folder / "oracle.eval",
        created="2026-01-01T00:00:00+00:00",
        run=Run(alias="oracle", agent="oracle"),
        attempts=[Attempt("t-ok", "failure", 3.0, agent_user="root")],
    )
    return [first, retry, oracle]


@pytest.fixture
def inspect_logs(tmp_path: Path) -> list[Path]:
    return write_example_logs(tmp_path / "release-1")


@pytest.mark.parametrize("name", reader_names())
def test_every_reader_conforms(name: str, inspect_logs: list[Path], tmp_path: Path) -> None:
    """Every registered reader returns all runs-table columns for a file it claims."""
    reader = get_reader(name)
    exported = write_runs(read_runs(inspect_logs), tmp_path / "report")[0]
    samples = {"metr": DATA / "small.jsonl", "inspect": inspect_logs[0], "parquet": exported}
    table = reader.read(samples[name])
    assert isinstance(table, pd.DataFrame)
    assert set(RUNS_COLUMNS) <= set(table.columns)
    assert samples[name].suffix in reader.suffixes


def test_inspect_logs_outcomes_alias_and_retries(inspect_logs: list[Path]) -> None:
    runs = read_runs(inspect_logs)
    by_task = runs.set_index(["alias", "task_id"])
    gpt = "openai/gpt-5"
    # The alias is RunInfo.alias, as written.
    assert sorted(set(runs["alias"])) == [gpt, "oracle"]
    assert by_task.loc[(gpt, "t-ok"), "outcome"] == Outcome.SUCCESS
    assert by_task.loc[(gpt, "t-ok"), "score_binarized"] == 1
    assert by_task.loc[(gpt, "t-fail"), "outcome"] == Outcome.FAILURE
    # t-err errored in the first log and succeeded in the retry: counted once, as the success.
    assert by_task.loc[(gpt, "t-err"), "outcome"] == Outcome.SUCCESS
    assert by_task.loc[(gpt, "t-err"), "source"].startswith(str(inspect_logs[1]))
    # t-lost errored in both logs: one infra_error.
    assert by_task.loc[(gpt, "t-lost"), "outcome"] == Outcome.INFRA_ERROR
    assert len(runs[runs["alias"] == gpt]) == 4
    # TaskInfo supplies family and human minutes.
    assert by_task.loc[(gpt, "t-ok"), "task_family"] == "fam-ok"
    assert by_task.loc[(gpt, "t-ok"), "human_minutes"] == 3.0
    # Both logs of the gpt run are one run: the eval set, named after the log folder.
    assert set(runs["run_key"]) == {"set-one"}
    assert set(runs["run_name"]) == {"release-1"}


def test_inspect_columns_for_the_summary_and_task_checks(inspect_logs: list[Path]) -> None:
    """What `horizon run`'s summary and `horizon tasks check` read from the runs table."""
    runs = read_runs(inspect_logs)
    assert list(runs.columns) == [*RUNS_COLUMNS, *INSPECT_COLUMNS]
    row = runs.set_index(["alias", "task_id"])
    assert row.loc[("openai/gpt-5", "t-fail"), "explanation"] == "tail of t-fail"
    assert row.loc[("openai/gpt-5", "t-fail"), "cause"] == "tests deleted by the agent"
    assert row.loc[("openai/gpt-5", "t-fail"), "error"] == ""
    assert row.loc[("openai/gpt-5", "t-lost"), "error"] == "sandbox died"
    assert row.loc[("openai/gpt-5", "t-lost"), "explanation"] == ""
    assert row.loc[("oracle", "t-ok"), "agent"] == "oracle"
    assert row.loc[("oracle", "t-ok"), "weakly_isolated"]
    assert not row.loc[("openai/gpt-5", "t-ok"), "weakly_isolated"]
    assert row.loc[("openai/gpt-5", "t-ok"), "total_time_sec"] == 12.5
    assert row.loc[("openai/gpt-5", "t-ok"), "total_tokens"] == 100
    assert row.loc[("openai/gpt-5", "t-ok"), "suite"] == "core"
    # The reward comes from the Verdict; a sample without one has no score.
    assert row.loc[("openai/gpt-5", "t-ok"), "score"] == 1.0
    assert pd.isna(row.loc[("openai/gpt-5", "t-lost"), "score"])


def two_runs_of_one_model(root: Path) -> list[Path]:
    """The same alias in two separate runs (eval sets), one task each way."""
    return [
        write_log(
            root / "monday" / "a.eval",
            created="2026-01-01T00:00:00+00:00",
            run=Run(eval_set_id="set-monday", run_id="r1"),
            attempts=[Attempt("t-short", "success", 2.0), Attempt("t-long", "failure", 200.0)],
        ),
        write_log(
            root / "tuesday" / "a.eval",
            created="2026-01-02T00:00:00+00:00",
            run=Run(eval_set_id="set-tuesday", run_id="r2"),
            attempts=[Attempt("t-short", "success", 2.0), Attempt("t-long", "failure", 200.0)],
        ),
    ]


def test_separate_runs_of_one_alias_are_not_collapsed(tmp_path: Path) -> None:
    runs = read_runs(two_runs_of_one_model(tmp_path))
    # Same alias, task and epoch in two runs: two attempts, not one retried attempt.
    assert len(runs) == 4
    assert sorted(runs["run_name"]) == ["monday", "monday", "tuesday", "tuesday"]
    assert runs.groupby("run_key").size().to_dict() == {"set-monday": 2, "set-tuesday": 2}


def test_a_log_outside_an_eval_set_is_its_own_run(tmp_path: Path) -> None:
    """`inspect eval` (e.g. `horizon tasks check`) writes no eval set: each call is a run."""
    for name, run_id in (("a.eval", "call-1"), ("b.eval", "call-2")):
        write_log(
            tmp_path / "checks" / name,
            created="2026-01-01T00:00:00+00:00",
            run=Run(eval_set_id=None, run_id=run_id),
            attempts=[Attempt("t-ok", "success")],
        )
    runs = read_runs([tmp_path])
    assert sorted(runs["run_key"]) == ["call-1", "call-2"]
    assert set(runs["run_name"]) == {"checks"}


def test_report_keeps_separate_runs_apart_and_merges_on_request(tmp_path: Path) -> None:
    two_runs_of_one_model(tmp_path)
    args = ["report", str(tmp_path), "--bootstrap", "0", "--json"]
    apart = CliRunner().invoke(horizon, args)
    assert apart.exit_code == 0, apart.output
    document = json.loads(apart.stdout)
    assert [m["alias"] for m in document["models"]] == [
        "openai/gpt-5 [monday]",
        "openai/gpt-5 [tuesday]",
    ]
    assert [m["n_runs"] for m in document["models"]] == [2, 2]
    assert document["method"]["merge_runs"] is False
    [warning] = [w for w in document["warnings"] if w["code"] == "runs_kept_apart"]
    assert warning["alias"] == "openai/gpt-5"
    assert "--merge-runs" in warning["message"]
    assert "--merge-runs" in apart.stderr  # and the command says how to pool them

    merged = CliRunner().invoke(horizon, [*args, "--merge-runs"])
    assert merged.exit_code == 0, merged.output
    document = json.loads(merged.stdout)
    assert [(m["alias"], m["n_runs"]) for m in document["models"]] == [("openai/gpt-5", 4)]
    assert document["method"]["merge_runs"] is True
    assert "runs_kept_apart" not in {w["code"] for w in document["warnings"]}


def test_log_without_task_info_is_an_input_error(tmp_path: Path) -> None:
    path = write_log(
        tmp_path / "x.eval", created="2026-01-01T00:00:00+00:00", attempts=[Attempt("t", "success")]
    )
    log_path = tmp_path / "bare.eval"
    log = read_eval_log(str(path))
    assert log.samples is not None
    log.samples[0].metadata = {"task_id": "t", "family": "f", "human_minutes": 5}
    write_eval_log(log, str(log_path))
    with pytest.raises(
        InputError, match=r"bare\.eval: sample 't' epoch 1: sample metadata: no horizon TaskInfo"
    ):
        read_runs([log_path])


def test_log_without_run_info_is_an_input_error(tmp_path: Path) -> None:
    path = write_log(
        tmp_path / "x.eval",
        created="2026-01-01T00:00:00+00:00",
        attempts=[Attempt("t", "success")],
        run=Run(metadata={"alias": "m"}),
    )
    with pytest.raises(InputError, match=r"x\.eval: eval metadata: no horizon RunInfo"):
        read_runs([path])


def test_verifier_score_without_verdict_is_an_input_error(tmp_path: Path) -> None:
    path = write_log(
        tmp_path / "x.eval", created="2026-01-01T00:00:00+00:00", attempts=[Attempt("t", "success")]
    )
    log = read_eval_log(str(path))
    assert log.samples is not None and log.samples[0].scores is not None
    log.samples[0].scores["verifier"] = Score(value=1.0, metadata={"outcome": "success"})
    write_eval_log(log, str(path))
    with pytest.raises(InputError, match=r"verifier score metadata: no horizon Verdict"):
        read_runs([path])


def test_logs_without_samples_hold_no_runs(tmp_path: Path) -> None:
    empty = write_log(tmp_path / "empty.eval", created="2026-01-01T00:00:00+00:00", attempts=[])
    full = write_log(
        tmp_path / "full.eval",
        created="2026-01-01T00:00:00+00:00",
        attempts=[Attempt("t", "success")],
    )
    assert get_reader("inspect").read(empty).empty
    assert len(read_runs([empty, full])) == 1
    with pytest.raises(InputError, match=r"no runs in .*empty\.eval: the logs hold no samples"):
        read_runs([empty])


def test_run_summary_counts_what_the_report_fits(inspect_logs: list[Path]) -> None:
    """`horizon run`'s closing summary, rendered from the runs table (harness.runs)."""
    write_log(
        inspect_logs[0].parent / "quick.eval",
        created="2026-01-03T00:00:00+00:00",
        run=Run(alias="oracle", agent="oracle"),
        attempts=[Attempt("t-quick", "success", 0.5), Attempt("t-blink", "success", 0.2)],
    )
    lines = summarize_logs(inspect_logs[0].parent).splitlines()
    assert lines[0].split() == [
        "agent", "n", "ok", "fail", "infra", "time", "tokens",
        "<1", "[2,4)", "[8,16)", "[16,32)", "[64,128)",
    ]  # fmt: skip
    # t-err's retry counts once (a success); t-lost is an infra error, outside the buckets.
    assert lines[1].split() == [
        "openai/gpt-5", "4", "2", "1", "1", "50s", "400", "-", "1/1", "1/1", "0/1", "-",
    ]  # fmt: skip
    # Both sub-minute tasks fall in the suite's one "<1" bucket (harness.suite.bucket_label).
    assert lines[2].split() == [
        "oracle",
        "3",
        "2",
        "1",
        "0",
        "38s",
        "300",
        "2/2",
        "0/1",
        "-",
        "-",
        "-",
    ]
    assert len(lines) == 4


def test_run_summary_of_an_empty_folder_says_why(tmp_path: Path) -> None:
    assert summarize_logs(tmp_path).startswith(f"no summary: {tmp_path}: folder holds no runs")


# A real eval set, run in-process with Inspect's mock model: no Docker, no model calls (the
# solver never generates). It checks the run identity horizon relies on: Inspect keeps one
# eval_set_id per log folder (``.eval-set-id``) across a resumed run, while run_id changes.


@solver
def fail_once(marker: str, task_to_fail: str) -> Solver:
    """Raise on ``task_to_fail`` until ``marker`` exists (the first run creates it)."""

    async def solve(state: TaskState, generate: Generate) -> TaskState:
        if state.sample_id == task_to_fail and not Path(marker).exists():
            Path(marker).touch()
            raise RuntimeError("the sandbox died")
        return state

    return solve


@scorer(metrics=[mean()], name="verifier")
def fake_verifier() -> Scorer:
    """Every sample succeeds, with a Verdict as the real verifier records it."""

    async def score(state: TaskState, target: Target) -> Score:
        verdict = Verdict(
            outcome=Outcome.SUCCESS,
            reward=1.0,
            reward_file="reward.txt",
            reward_threshold=1.0,
            verifier_exit_code=0,
        )
        return Score(value=1.0, metadata=verdict.to_metadata())

    return score


@task
def tiny_suite(marker: str) -> Task:
    return Task(
        dataset=[
            Sample(id=t, input="x", metadata=task_info(t, m).to_metadata())
            for t, m in (("t-short", 2.0), ("t-long", 40.0))
        ],
        solver=fail_once(marker, "t-long"),
        scorer=fake_verifier(),
        metadata=RunInfo(suite="tiny", suite_version="1", agent="null", alias="null").to_metadata(),
    )


def run_eval_set(log_dir: Path, marker: Path) -> bool:
    done, _ = eval_set(
        [tiny_suite(marker=str(marker))],
        log_dir=str(log_dir),
        model="mockllm/model",
        retry_attempts=0,
        display="none",
        log_level="error",
    )
    return bool(done)


def test_resumed_eval_set_is_one_run_and_another_folder_another(tmp_path: Path) -> None:
    first_dir, other_dir = tmp_path / "release-1", tmp_path / "release-2"
    assert not run_eval_set(first_dir, tmp_path / "marker-1")  # t-long errors: incomplete
    [interrupted] = first_dir.glob("*.eval")
    kept = interrupted.read_bytes()
    assert run_eval_set(first_dir, tmp_path / "marker-1")  # resumed: completes
    # Keep the interrupted log beside the resumed one, as a killed run leaves it.
    (first_dir / "interrupted.eval").write_bytes(kept)
    assert len(list(first_dir.glob("*.eval"))) == 2
    assert run_eval_set(other_dir, tmp_path / "marker-1")  # a separate run, no error now

    runs = read_runs([first_dir, other_dir])
    per_run = runs.groupby("run_name")
    # Resumed: the interrupted attempt and its retry are one attempt, counted as the success.
    assert per_run.size().to_dict() == {"release-1": 2, "release-2": 2}
    assert (runs["outcome"] == Outcome.SUCCESS).all()
    assert per_run["run_key"].nunique().to_dict() == {"release-1": 1, "release-2": 1}
    keys = per_run["run_key"].first()
    assert keys["release-1"] == (first_dir / ".eval-set-id").read_text().strip()
    assert keys["release-1"] != keys["release-2"]
