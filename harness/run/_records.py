"""Check records: which tasks passed ``horizon tasks check`` on this machine, as they are now.

``horizon run`` scores only tasks whose check passed here (issue 14, "network honesty"): a
task whose verifier cannot work on this machine (it installs its test dependencies from a
network the machine lacks, its image differs, ...) would otherwise score every attempt as a
model failure. A passing check writes one record, keyed by everything that decides the
grade on this machine:

* the task's content hash (``TaskSpec.content_hash``: every file of its folder, the tests
  and ``task.toml`` included), so any edit asks for a new check;
* the ID of the image the check ran (``docker images``' full ID, not its tag: a rebuilt or
  re-pulled image under the same tag asks for a new check too);
* the Docker engine's ID (``docker info``), so records copied from another machine (a shared
  ``results/`` folder, a restored backup) do not count here.

Records live in ``results/check-records/<suite>/<task>/<hash>-<key>.json`` (under
``$HORIZON_HOME/results`` when that is set, see ``harness._paths``); deleting the folder only
asks for checks again. They are written by the harness on the host: the agent, confined to
its sandbox, never sees them. They are not signatures either: whoever can write the results
folder can skip checks, as ``horizon run --unchecked`` does openly.

The record logic (:func:`check_status`) is pure; :func:`machine_state` asks Docker.
"""

import datetime as dt
import hashlib
import json
import os
import shlex
import subprocess
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError

from harness import __version__
from harness._paths import RESULTS_DIR
from harness.errors import SetupError
from harness.suite import TaskSpec

CHECK_RECORDS_DIR = RESULTS_DIR / "check-records"
"""Where passing checks are recorded (see the module docstring)."""

RECORD_SCHEMA_VERSION = 1
DOCKER_TIMEOUT_SEC = 60


class CheckRecord(BaseModel):
    """One passing ``horizon tasks check`` of one task, on one engine, with one image."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    schema_version: int = RECORD_SCHEMA_VERSION
    task_id: str
    suite: str
    task_path: str
    """The task folder when it was checked (for people: the key is the content hash)."""
    task_hash: str
    image: str
    """The image tag the check ran (for people: the key is ``image_id``)."""
    image_id: str
    engine_id: str
    network: str
    """The task's declared network, which the check ran with (``public``/``no-network``)."""
    outcomes: dict[str, str]
    """Each check agent's outcome (``oracle``, ``null``, ``adversary``)."""
    checked_at: str
    """ISO 8601, UTC."""
    horizon_version: str = __version__


@dataclass(frozen=True)
class MachineState:
    """What keys a record on this machine: the engine, and the image each tag names now."""

    engine_id: str
    image_ids: Mapping[str, str]
    """``repository:tag`` -> full image ID (``sha256:...``), for every local image."""


def _record_name(task_hash: str, image_id: str, engine_id: str) -> str:
    """``<task hash>-<12 hex of the image and engine IDs>.json``: one file per key."""
    rest = hashlib.sha256(f"{image_id}\0{engine_id}".encode()).hexdigest()[:12]
    return f"{task_hash}-{rest}.json"


def _task_dir(records_dir: Path, suite: str, task_id: str) -> Path:
    return records_dir / suite / task_id


def write_record(record: CheckRecord, records_dir: Path = CHECK_RECORDS_DIR) -> Path:
    """Write ``record`` (atomically: a reader never sees half a file); returns its path."""
    folder = _task_dir(records_dir, record.suite, record.task_id)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / _record_name(record.task_hash, record.image_id, record.engine_id)
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".", suffix=".tmp")
    with os.fdopen(handle, "w") as out:
        out.write(record.model_dump_json(indent=2) + "\n")
    os.replace(temporary, path)
    return path


def _read_records(folder: Path) -> list[CheckRecord]:
    """Every record in a task's folder that parses (a hand-edited broken one is ignored)."""
    records = []
    for path in sorted(folder.glob("*.json")) if folder.is_dir() else ():
        try:
            records.append(CheckRecord.model_validate(json.loads(path.read_text())))
        except (OSError, ValueError, ValidationError):
            continue
    return records


@dataclass(frozen=True)
class CheckStatus:
    """Whether one task's check passed here for its current content and image."""

    task_id: str
    record: CheckRecord | None
    """The record that covers the task as it is now; None when there is none."""
    reason: str = ""
    """Why there is none, in a few words (``never checked on this machine``, ...)."""

    @property
    def checked(self) -> bool:
        """The task passed its check here, as it is now."""
        return self.record is not None


def check_status(
    spec: TaskSpec, image: str, machine: MachineState, records_dir: Path = CHECK_RECORDS_DIR
) -> CheckStatus:
    """Whether ``spec`` (whose image tag is ``image``) passed its check on this machine.

    Args:
        spec: The task as it is now.
        image: The image tag its samples run (``harness.sandbox.task_image_tag``).
        machine: This engine and its images (:func:`machine_state`).
        records_dir: Where records are kept.
    """
    image_id = machine.image_ids.get(image)
    here = [
        r
        for r in _read_records(_task_dir(records_dir, spec.suite, spec.id))
        if r.engine_id == machine.engine_id
    ]
    for record in here:
        # The file name is only a convenience: the record's own fields must match the key.
        if record.task_hash == spec.content_hash and record.image_id == image_id:
            return CheckStatus(spec.id, record)
    if not here:
        reason = "never checked on this machine"
    elif not any(r.task_hash == spec.content_hash for r in here):
        reason = "the task changed since its last check here"
    elif image_id is None:
        reason = "its image is not on this machine (a rebuilt image needs a new check)"
    else:
        reason = "its image changed since its last check here"
    return CheckStatus(spec.id, None, reason)


def _docker(*args: str) -> str:
    try:
        done = subprocess.run(
            ["docker", *args],
            capture_output=True,
            text=True,
            timeout=DOCKER_TIMEOUT_SEC,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as err:
        raise SetupError(f"cannot run `docker {args[0]}` ({err}). Run `horizon setup`.") from err
    if done.returncode != 0:
        raise SetupError(f"`docker {args[0]}` failed: {done.stderr.strip()}. Run `horizon setup`.")
    return done.stdout


def machine_state() -> MachineState:
    """This Docker engine's ID and the full ID of every local image, in two ``docker`` calls.

    Raises:
        SetupError: Docker cannot be asked (missing or not running).
    """
    engine_id = _docker("info", "--format", "{{.ID}}").strip()
    listing = _docker("images", "--no-trunc", "--format", "{{.Repository}}:{{.Tag}} {{.ID}}")
    image_ids = dict(line.split(" ", 1) for line in listing.splitlines() if " " in line)
    return MachineState(engine_id, image_ids)


def record_check(
    spec: TaskSpec,
    image: str,
    outcomes: Mapping[str, str],
    machine: MachineState,
    records_dir: Path = CHECK_RECORDS_DIR,
) -> Path | None:
    """Record that ``spec`` passed its check here with ``image``; None if the image is gone."""
    image_id = machine.image_ids.get(image)
    if image_id is None:
        return None
    record = CheckRecord(
        task_id=spec.id,
        suite=spec.suite,
        task_path=str(spec.path),
        task_hash=spec.content_hash,
        image=image,
        image_id=image_id,
        engine_id=machine.engine_id,
        network=spec.config.environment.network,
        outcomes=dict(outcomes),
        checked_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    )
    return write_record(record, records_dir)


def check_command(suite: str, task_ids: Iterable[str]) -> str:
    """The command that checks ``task_ids`` of ``suite`` (a name under tasks/, or a folder)."""
    return shlex.join(["horizon", "tasks", "check", "--suite", suite, *task_ids])


def gate_tasks(
    specs: Iterable[TaskSpec], records_dir: Path = CHECK_RECORDS_DIR
) -> list[CheckStatus]:
    """Each task's :class:`CheckStatus` on this machine now, in ``specs`` order.

    Raises:
        SetupError: Docker cannot be asked (missing or not running).
    """
    from harness.sandbox import task_image_tag

    tasks = list(specs)
    if not tasks:
        return []
    machine = machine_state()
    return [check_status(spec, task_image_tag(spec), machine, records_dir) for spec in tasks]


def unchecked_message(suite: str, unchecked: Iterable[CheckStatus], *, run_anyway: bool) -> str:
    """What ``horizon run`` says about tasks whose check has not passed here, and the fix.

    Args:
        suite: The suite as the user named it (a name under tasks/, or a folder).
        unchecked: The tasks without a passing check here.
        run_anyway: They run (``--unchecked``) rather than being skipped.
    """
    missing = list(unchecked)
    width = max(len(s.task_id) for s in missing)
    lines = [
        f"{len(missing)} task(s) "
        + (
            "run UNCHECKED (--unchecked): their samples are marked, and reports say so"
            if run_anyway
            else "not run: `horizon run` scores only tasks whose `horizon tasks check` passed "
            "on this machine as they are now (--unchecked runs them anyway, marked)"
        )
        + ":",
        *(f"  {s.task_id:<{width}}  {s.reason}" for s in missing),
        "check them with:",
        f"  {check_command(suite, [s.task_id for s in missing])}",
    ]
    return "\n".join(lines)
