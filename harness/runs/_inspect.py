"""Reader for Inspect ``.eval`` logs written by ``horizon run``.

Each sample's ``verifier`` score carries the reward as ``Score.value`` and, in
``Score.metadata``, ``outcome``, ``human_minutes``, ``task_id`` and ``family``; the sample
metadata repeats ``task_id``, ``family`` and ``human_minutes``. Inspect is imported inside the
reader only, so importing ``harness.runs`` does not load Inspect (STYLE §1).
"""

from pathlib import Path
from typing import TYPE_CHECKING, Any
from zipfile import BadZipFile

import pandas as pd

from harness.errors import InputError
from harness.outcome import Outcome

from ._registry import register_reader

if TYPE_CHECKING:
    from inspect_ai.log import EvalSample, EvalSpec

VERIFIER_SCORER = "verifier"
"""Name of the scorer whose score holds the reward and the outcome."""

SAMPLE_FIELDS_NOT_NEEDED = {"messages", "events", "store", "attachments", "output"}
"""Sample fields the runs table never uses; skipping them keeps big logs cheap to read."""


def _alias(spec: "EvalSpec") -> str:
    """``eval.metadata["alias"]`` if set, else the model plus the agent, e.g. ``m (react)``."""
    metadata = spec.metadata or {}
    if metadata.get("alias"):
        return str(metadata["alias"])
    agent = metadata.get("agent")
    return f"{spec.model} ({agent})" if agent else str(spec.model)


def _field(where: str, name: str, *sources: dict[str, Any]) -> Any:
    """The first non-missing ``name`` among ``sources`` (score metadata, then sample metadata)."""
    for source in sources:
        value = source.get(name)
        if value is not None:
            return value
    raise InputError(
        f"{where}: missing {name!r} in the verifier score's metadata and the sample's metadata. "
        "Re-run with `horizon run`, which records it, or add it to the task's metadata."
    )


def _row(path: Path, created: str, alias: str, sample: "EvalSample") -> dict[str, Any]:
    """One runs-table row from one sample."""
    where = f"{path}: sample {sample.id!r} epoch {sample.epoch}"
    score = (sample.scores or {}).get(VERIFIER_SCORER)
    score_meta: dict[str, Any] = dict(score.metadata or {}) if score is not None else {}
    sample_meta = dict(sample.metadata or {})
    if score is not None:
        outcome = _field(where, "outcome", score_meta)
        value = score.value
    else:
        # No verifier score: the harness never got a reward. An errored sample is the harness's
        # fault (infra_error), never a model failure (DESIGN.md, "Outcomes").
        outcome = Outcome.INFRA_ERROR if sample.error is not None else Outcome.UNSCORED
        value = None
    task_id = str(_field(where, "task_id", score_meta, sample_meta))
    return {
        "run_id": sample.uuid or f"{path.name}:{sample.id}:{sample.epoch}",
        "alias": alias,
        "task_id": task_id,
        "task_family": str(_field(where, "family", score_meta, sample_meta)),
        "human_minutes": _field(where, "human_minutes", score_meta, sample_meta),
        "score": float(value) if isinstance(value, int | float) else float("nan"),
        "score_binarized": int(str(outcome) == Outcome.SUCCESS),
        "outcome": str(outcome),
        "source": where,
        "epoch": sample.epoch,
        "log_created": created,
    }


@register_reader("inspect", suffixes=(".eval",))
def read_inspect_runs(path: Path) -> pd.DataFrame:
    """Read the samples of one Inspect log into runs-table rows.

    Args:
        path: An Inspect ``.eval`` log.

    Returns:
        An unvalidated runs table with extra columns ``epoch`` and ``log_created`` (the log's
        creation time), which ``read_runs`` uses to count a retried attempt once.

    Raises:
        InputError: The log cannot be read, or a sample lacks ``task_id``, ``family``,
            ``human_minutes`` or (with a verifier score) ``outcome``.
    """
    from inspect_ai.log import read_eval_log, read_eval_log_samples

    try:
        header = read_eval_log(path, header_only=True)
        alias = _alias(header.eval)
        created = str(header.eval.created)
        rows = [
            _row(path, created, alias, sample)
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
    if not rows:
        raise InputError(f"{path}: Inspect log holds no samples. Was the run interrupted?")
    return pd.DataFrame.from_records(rows)
