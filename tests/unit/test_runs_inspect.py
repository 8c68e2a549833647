"""Inspect ``.eval`` logs -> runs table, and the reader registry's conformance test.

The logs are built here as ``horizon run`` writes them: a ``verifier`` score carrying the
reward and, in its metadata, outcome, task id, family and human minutes.
"""

from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from inspect_ai._util.error import EvalError
from inspect_ai.log import EvalConfig, EvalDataset, EvalLog, EvalSample, EvalSpec, write_eval_log
from inspect_ai.scorer import Score

from harness.errors import InputError
from harness.runs import RUNS_COLUMNS, Outcome, get_reader, read_runs, reader_names

DATA = Path(__file__).resolve().parents[1] / "data" / "runs"

SampleSpec = tuple[str, str, dict[str, Any]]
"""(task id, outcome or "error", sample metadata)."""


def write_log(
    path: Path, *, created: str, metadata: dict[str, Any], samples: list[SampleSpec]
) -> Path:
    """Write one log: each sample scored by ``verifier`` unless its outcome is ``error``."""
    ids = [task for task, _, _ in samples]
    spec = EvalSpec(
        created=created,
        task="core",
        dataset=EvalDataset(name="core", samples=len(ids), sample_ids=ids),
        model="openai/gpt-5",
        config=EvalConfig(),
        metadata=metadata,
    )
    evals = []
    for task, outcome, meta in samples:
        if outcome == "error":
            scores, error = None, EvalError(message="sandbox died", traceback="", traceback_ansi="")
        else:
            reward = 1.0 if outcome == "success" else 0.0
            scores = {"verifier": Score(value=reward, metadata={"outcome": outcome, **meta})}
            error = None
        evals.append(
            EvalSample(
                id=task,
                epoch=1,
                input="do it",
                target="",
                metadata=meta,
                scores=scores,
                error=error,
            )
        )
    write_eval_log(EvalLog(eval=spec, samples=evals, status="success"), str(path))
    return path


def meta(task: str, minutes: float) -> dict[str, Any]:
    """Sample metadata as ``horizon run`` records it."""
    return {
        "task_id": task,
        "family": f"fam-{task.removeprefix('t-')}",
        "human_minutes": minutes,
        "suite": "core",
        "version": "1",
    }


def write_example_logs(folder: Path) -> list[Path]:
    """Two logs of one model+agent (the second retries two errored samples) and one aliased."""
    first = write_log(
        folder / "first.eval",
        created="2026-01-01T00:00:00+00:00",
        metadata={"agent": "react"},
        samples=[
            ("t-ok", "success", meta("t-ok", 3.0)),
            ("t-fail", "failure", meta("t-fail", 30.0)),
            ("t-err", "error", meta("t-err", 10.0)),
            ("t-lost", "error", meta("t-lost", 100.0)),
        ],
    )
    retry = write_log(
        folder / "retry.eval",
        created="2026-01-02T00:00:00+00:00",
        metadata={"agent": "react"},
        samples=[
            ("t-err", "success", meta("t-err", 10.0)),
            ("t-lost", "error", meta("t-lost", 100.0)),
        ],
    )
    aliased = write_log(
        folder / "aliased.eval",
        created="2026-01-01T00:00:00+00:00",
        metadata={"agent": "react", "alias": "custom alias"},
        samples=[("t-ok", "failure", meta("t-ok", 3.0))],
    )
    return [first, retry, aliased]


@pytest.fixture
def inspect_logs(tmp_path: Path) -> list[Path]:
    return write_example_logs(tmp_path)


@pytest.mark.parametrize("name", reader_names())
def test_every_reader_conforms(name: str, inspect_logs: list[Path]) -> None:
    """Every registered reader returns all runs-table columns for a file it claims."""
    reader = get_reader(name)
    samples = {"metr": DATA / "small.jsonl", "inspect": inspect_logs[0]}
    table = reader.read(samples[name])
    assert isinstance(table, pd.DataFrame)
    assert set(RUNS_COLUMNS) <= set(table.columns)
    assert samples[name].suffix in reader.suffixes


def test_inspect_logs_outcomes_alias_and_retries(inspect_logs: list[Path]) -> None:
    runs = read_runs(inspect_logs).sort_values(["alias", "task_id"]).reset_index(drop=True)
    by_task = runs.set_index(["alias", "task_id"])
    react = "openai/gpt-5 (react)"
    # t-ok: success in the first log; t-fail: failure; t-err: errored without a score.
    assert by_task.loc[(react, "t-ok"), "outcome"] == Outcome.SUCCESS
    assert by_task.loc[(react, "t-ok"), "score_binarized"] == 1
    assert by_task.loc[(react, "t-fail"), "outcome"] == Outcome.FAILURE
    # t-err was retried in the second log and succeeded there: counted once, as the success.
    assert by_task.loc[(react, "t-err"), "outcome"] == Outcome.SUCCESS
    assert by_task.loc[(react, "t-err"), "source"].startswith(str(inspect_logs[1]))
    # t-lost errored in both logs: one infra_error.
    assert by_task.loc[(react, "t-lost"), "outcome"] == Outcome.INFRA_ERROR
    assert len(runs[runs["alias"] == react]) == 4
    # eval.metadata["alias"] wins over model + agent.
    assert set(runs["alias"]) == {react, "custom alias"}
    assert by_task.loc[(react, "t-ok"), "task_family"] == "fam-ok"
    assert by_task.loc[(react, "t-ok"), "human_minutes"] == 3.0


def test_inspect_sample_without_human_minutes_is_an_input_error(tmp_path: Path) -> None:
    path = write_log(
        tmp_path / "x.eval",
        created="2026-01-01T00:00:00+00:00",
        metadata={"agent": "react"},
        samples=[("t", "success", {"task_id": "t", "family": "f"})],
    )
    with pytest.raises(InputError, match=r"x\.eval: sample 't' epoch 1: missing 'human_minutes'"):
        read_runs([path])
