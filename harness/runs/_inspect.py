"""Reader for Inspect ``.eval`` logs written by ``horizon run``.

Everything horizon needs from a log is read through the typed hand-over documents of
``harness.handover``, and nothing else: the eval's :class:`RunInfo` (alias, agent, suite),
each sample's :class:`TaskInfo` (task, family, human minutes) and the ``verifier`` score's
:class:`Verdict` (outcome, reward). A log without them was not written by ``horizon run``
and is rejected with a message that says so. Inspect's own fields supply the rest: the
eval set (the run's identity), epochs, errors, time and tokens.

``harness.runs`` is the only reader of logs: the run summary and ``horizon tasks check``
read the runs table this module builds (columns in :data:`INSPECT_COLUMNS`). Inspect is
imported inside the reader only, so importing ``harness.runs`` does not load Inspect (nor the
hand-over models, which only logs need).
"""

import math
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zipfile import BadZipFile

import pandas as pd

from harness.errors import InputError
from harness.outcome import Outcome

from ._registry import register_reader
from ._table import RUNS_COLUMNS

if TYPE_CHECKING:
    from inspect_ai.log import EvalSample, EvalSpec

    from harness.handover import RunInfo

VERIFIER_SCORER = "verifier"
"""Name of the scorer whose score holds the :class:`Verdict`."""

SAMPLE_FIELDS_NOT_NEEDED = {"messages", "events", "store", "attachments", "output"}
"""Sample fields the runs table never uses; skipping them keeps big logs cheap to read."""

INSPECT_COLUMNS: tuple[str, ...] = (
    "epoch",
    "log_created",
    "suite",
    "suite_version",
    "human_source",
    "task_hash",
    "agent",
    "total_time_sec",
    "working_time_sec",
    "total_tokens",
    "weakly_isolated",
    "checked",
    "explanation",
    "error",
    "cause",
)
"""Columns the Inspect reader adds to :data:`RUNS_COLUMNS`, one row per sample:

* ``epoch`` (int): the sample's epoch; with ``run_key``, ``alias`` and ``task_id`` it names
  one attempt, which retries repeat in newer logs (``read_runs`` counts it once).
* ``log_created`` (str): the log's creation time, ISO 8601.
* ``suite`` (str), ``suite_version`` (str), ``agent`` (str): from the eval's ``RunInfo``.
* ``human_source`` (str): how the task's human minutes were set (``TaskInfo.human_source``).
* ``task_hash`` (str): the task folder's content hash (``TaskInfo.task_hash``), for provenance.
* ``total_time_sec`` (float): the sample's wall time, NaN when Inspect did not record it.
* ``working_time_sec`` (float): the time the sample worked, less pauses (a person's
  ``task stop``) and waits; NaN when not recorded.
* ``total_tokens`` (int): model tokens over all models the sample used.
* ``weakly_isolated`` (bool): the agent ran as root (``TaskInfo.weakly_isolated``).
* ``checked`` (bool or None): the task's ``horizon tasks check`` had passed on the machine
  that ran it (``TaskInfo.checked``); False for ``horizon run --unchecked``, None when not
  known (plain ``inspect eval``, older logs).
* ``explanation`` (str): the verifier's explanation (its output tail); ``""`` if none.
* ``error`` (str): the sample's error message; ``""`` if it did not error.
* ``cause`` (str): why the harness decided a failure (``Verdict.cause``); ``""`` if none.
"""


@dataclass(frozen=True)
class _Log:
    """What every sample of one log shares."""

    path: Path
    run: "RunInfo"
    run_key: str
    """The eval set's id: the same across a resumed run and its retries (Inspect keeps it in
    the log folder's ``.eval-set-id``), different for a separate run. A log written by a plain
    ``inspect eval`` (no eval set) is its own run: its ``run_id``."""
    run_name: str
    """The log's folder name (``horizon run --name``), for people."""
    created: str


def _log(path: Path, spec: "EvalSpec") -> _Log:
    from harness.handover import RunInfo

    return _Log(
        path=path,
        run=RunInfo.from_metadata(spec.metadata, f"{path}: eval metadata"),
        run_key=str(spec.eval_set_id or spec.run_id),
        run_name=path.parent.name,
        created=str(spec.created),
    )


def _row(log: _Log, sample: "EvalSample") -> dict[str, Any]:
    """One runs-table row from one sample."""
    from harness.handover import TaskInfo, Verdict

    where = f"{log.path}: sample {sample.id!r} epoch {sample.epoch}"
    task = TaskInfo.from_metadata(sample.metadata, f"{where}: sample metadata")
    score = (sample.scores or {}).get(VERIFIER_SCORER)
    if score is not None:
        verdict = Verdict.from_metadata(score.metadata, f"{where}: verifier score metadata")
        outcome, reward, cause = verdict.outcome, verdict.reward, verdict.cause or ""
    else:
        # No verdict: the harness never got a reward. An errored sample is the harness's
        # fault (infra_error), never a model failure (DESIGN.md, "Outcomes").
        outcome = Outcome.INFRA_ERROR if sample.error is not None else Outcome.UNSCORED
        reward, cause = math.nan, ""
    usage = sample.model_usage or {}
    return {
        "run_id": sample.uuid or f"{log.path.name}:{sample.id}:{sample.epoch}",
        "alias": log.run.alias,
        "task_id": task.task_id,
        "task_family": task.family,
        "human_minutes": task.human_minutes,
        "score": reward,
        "score_binarized": int(outcome == Outcome.SUCCESS),
        "outcome": outcome.value,
        "source": where,
        "run_key": log.run_key,
        "run_name": log.run_name,
        "epoch": sample.epoch,
        "log_created": log.created,
        "suite": log.run.suite,
        "suite_version": log.run.suite_version,
        "human_source": task.human_source,
        "task_hash": task.task_hash,
        "agent": log.run.agent,
        "total_time_sec": math.nan if sample.total_time is None else float(sample.total_time),
        "working_time_sec": (
            math.nan if sample.working_time is None else float(sample.working_time)
        ),
        "total_tokens": sum(u.total_tokens for u in usage.values()),
        "weakly_isolated": task.weakly_isolated,
        "checked": task.checked,
        "explanation": (score.explanation or "") if score is not None else "",
        "error": sample.error.message if sample.error is not None else "",
        "cause": cause,
    }


@register_reader("inspect", suffixes=(".eval",))
def read_inspect_runs(path: Path) -> pd.DataFrame:
    """Read the samples of one Inspect log into runs-table rows.

    Args:
        path: An Inspect ``.eval`` log written by ``horizon run`` (or ``inspect eval`` of
            ``horizon_suite``).

    Returns:
        An unvalidated runs table: :data:`RUNS_COLUMNS` then :data:`INSPECT_COLUMNS`, one row
        per sample (none for a log that holds no samples yet).

    Raises:
        InputError: The log cannot be read, or lacks horizon's ``RunInfo``, a sample's
            ``TaskInfo`` or a verifier score's ``Verdict`` (or one does not validate).
    """
    from inspect_ai.log import read_eval_log, read_eval_log_samples

    try:
        log = _log(path, read_eval_log(path, header_only=True).eval)
        rows = [
            _row(log, sample)
            for sample in read_eval_log_samples(
                path, all_samples_required=False, exclude_fields=SAMPLE_FIELDS_NOT_NEEDED
            )
        ]
    except InputError:
        raise
    except (OSError, ValueError, KeyError, BadZipFile, RuntimeError) as err:
        # pydantic's ValidationError and json's JSONDecodeError are ValueErrors.
        raise InputError(
            f"{path}: cannot read Inspect log ({type(err).__name__}: {err}). "
            "Check that the file is a complete .eval log (`inspect view` opens it)."
        ) from err
    return pd.DataFrame.from_records(rows, columns=[*RUNS_COLUMNS, *INSPECT_COLUMNS])


def log_path(location: str) -> Path:
    """The local path of an Inspect log ``location`` (``EvalLog.location``, maybe a URI)."""
    return Path(location.removeprefix("file://"))
