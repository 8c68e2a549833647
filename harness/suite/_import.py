"""``horizon tasks import``: copy a Harbor dataset into ``tasks/<suite>/`` with a ``suite.toml``.

A source is a folder of Harbor task folders (at any depth, e.g. a git checkout of a dataset
repository), or a Harbor ``dataset.toml`` listing (``[dataset]`` and ``[[tasks]] name``), whose
tasks are looked up among the task folders beside it. Every task is loaded as horizon reads it
before anything is copied, and the report says per task what was kept as written, what horizon
mapped (and how), and what it could not support (those are not copied).
"""

import re
import shutil
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from harness.errors import InputError, TaskSpecError, TaskUnsupportedError

from ._harbor import PackageInfo
from ._load import format_validation_error, load_task
from ._spec import HarborTaskToml, TaskSpec

DATASET_FILE = "dataset.toml"
SKIPPED_DIRS = re.compile(r"^[._]")
"""Folders never searched for tasks: hidden ones (``.git``) and private ones (``_x``)."""

NETWORK_KEYS = frozenset({"allow_internet", "network_mode", "allowed_hosts"})
"""The keys that set a task's network."""

Status = Literal["kept", "mapped", "unsupported", "invalid", "not found"]


class _DatasetTask(BaseModel):
    model_config = ConfigDict(extra="allow", frozen=True)
    name: str


class DatasetManifest(BaseModel):
    """Harbor's ``dataset.toml``: which task packages make up the dataset."""

    model_config = ConfigDict(extra="allow", frozen=True)
    dataset: PackageInfo
    tasks: tuple[_DatasetTask, ...] = ()


@dataclass(frozen=True)
class ImportedTask:
    """What became of one task of the source."""

    id: str
    status: Status
    notes: tuple[str, ...] = ()
    """How horizon mapped it, or why it could not be imported; one sentence each."""


@dataclass(frozen=True)
class ImportReport:
    """What ``import_dataset`` did."""

    suite_dir: Path
    tasks: tuple[ImportedTask, ...] = field(default=())

    def count(self, status: Status) -> int:
        """How many tasks ended with ``status``."""
        return sum(t.status == status for t in self.tasks)


def _task_folders(root: Path) -> list[Path]:
    """Folders under ``root`` that hold a ``task.toml`` (not searched below a task)."""
    if (root / "task.toml").is_file():
        return [root]
    found = []
    for child in sorted(p for p in root.iterdir() if p.is_dir()):
        if not SKIPPED_DIRS.match(child.name):
            found += _task_folders(child)
    return found


def _read_manifest(path: Path) -> DatasetManifest:
    try:
        return DatasetManifest.model_validate(tomllib.loads(path.read_text()))
    except tomllib.TOMLDecodeError as err:
        raise InputError(f"{path}: not valid TOML: {err}. Fix the syntax there.") from err
    except ValidationError as err:
        raise InputError("\n".join(format_validation_error(path, err))) from err


def _package_name(folder: Path) -> str | None:
    """The ``[task] name`` of a task folder (``org/name``), if it has one."""
    try:
        data = tomllib.loads((folder / "task.toml").read_text())
    except (tomllib.TOMLDecodeError, UnicodeDecodeError):
        return None
    task = data.get("task")
    return str(task.get("name")) if isinstance(task, dict) and "name" in task else None


def _listed(manifest: DatasetManifest, folders: list[Path]) -> tuple[list[Path], list[str]]:
    """The folders of the manifest's tasks, and the names found in no folder.

    A task is found by its ``[task] name``, else by its folder name.
    """
    by_name: dict[str, Path] = {}
    for folder in folders:
        by_name.setdefault(folder.name, folder)
        package = _package_name(folder)
        if package is not None:
            by_name[package] = folder
    chosen: list[Path] = []
    missing: list[str] = []
    for task in manifest.tasks:
        found = by_name.get(task.name) or by_name.get(task.name.split("/")[-1])
        if found is None:
            missing.append(task.name)
        else:
            chosen.append(found)
    return chosen, missing


def mappings(spec: TaskSpec) -> list[str]:
    """How horizon reads a Harbor task where its reading is not the file's literal text."""
    config, notes = spec.config, []
    env = config.environment
    if config.family is None and config.metadata.category:
        notes.append(f"family: Terminal-Bench's category {config.metadata.category!r}")
    for size_key, mb in (("memory", env.memory_mb), ("storage", env.storage_mb)):
        if getattr(env, size_key) is not None:
            notes.append(f"{size_key} = {getattr(env, size_key)!r}: {size_key}_mb = {mb}")
    if isinstance(config, HarborTaskToml) and not NETWORK_KEYS & env.model_fields_set:
        notes.append("network on (Harbor's default)")
    elif env.network_mode is not None:
        notes.append(f"network_mode = {env.network_mode!r}: allow_internet = {env.allow_internet}")
    if spec.human_minutes is None:
        notes.append("no human time: runs, but stays out of horizon fits")
    elif config.human is None:
        notes.append(f"human time: [metadata] expert_time_estimate_min ({spec.human_minutes:g})")
    if spec.steps:
        strategy = config.multi_step_reward_strategy or "mean"
        notes.append(
            f"{len(spec.steps)} steps: one agent turn and verifier each in one sandbox, "
            f"reward = {strategy} of the graded steps; human time is the whole task's"
        )
    if not spec.has_solution:
        notes.append("no solution/: `tasks check` can show only that the null agent fails")
    if "user" not in config.agent.model_fields_set:
        notes.append("the agent works as horizon's unprivileged `agent` (Harbor: the image's user)")
    return notes + list(spec.notices)


def _examine(folder: Path) -> tuple[ImportedTask, bool]:
    """Load one source task; whether it is to be copied."""
    try:
        spec = load_task(folder)
    except TaskUnsupportedError as err:
        return ImportedTask(folder.name, "unsupported", tuple(str(err).splitlines())), False
    except TaskSpecError as err:
        return ImportedTask(folder.name, "invalid", tuple(str(err).splitlines())), False
    notes = tuple(mappings(spec))
    return ImportedTask(spec.id, "mapped" if notes else "kept", notes), True


def _suite_toml(name: str, version: str, description: str) -> str:
    quoted = description.replace("\\", "\\\\").replace('"', '\\"')
    return f'name = "{name}"\nversion = "{version}"\ndescription = "{quoted}"\n'


def import_dataset(source: Path, suite: str, tasks_dir: Path) -> ImportReport:
    """Copy the Harbor tasks of ``source`` that horizon can run into ``tasks_dir/suite``.

    Args:
        source: A folder of Harbor task folders (a git checkout is one), or a
            ``dataset.toml`` (or a folder holding one) listing the tasks to take.
        suite: The new suite's name; its folder must not exist yet.
        tasks_dir: Where suites live (``tasks/``).

    Raises:
        InputError: The source is not there or holds no task, the suite folder exists, or
            two tasks would share a folder name.
    """
    source = source.resolve()
    manifest_path = source / DATASET_FILE if source.is_dir() else source
    if not source.exists():
        raise InputError(
            f"{source}: no such file or folder. Give a dataset folder or dataset.toml."
        )
    root = manifest_path.parent
    folders = _task_folders(root)
    missing: list[str] = []
    version, description = "imported", f"Harbor tasks imported from {source}"
    if manifest_path.is_file():
        manifest = _read_manifest(manifest_path)
        folders, missing = _listed(manifest, folders)
        version = manifest.dataset.version or version
        description = manifest.dataset.description or f"{manifest.dataset.name}: {description}"
    if not folders and not missing:
        raise InputError(f"{source}: no task folders (a task folder holds a task.toml).")
    names = [f.name for f in folders]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise InputError(
            f"{source}: several task folders are named {', '.join(twice)}; a suite holds one "
            "task per name. Import the folders that hold them separately."
        )
    target = tasks_dir / suite
    if target.exists():
        raise InputError(f"{target}: already exists. Choose another --suite, or remove it.")
    examined = [_examine(folder) for folder in folders]
    if not any(copy for _, copy in examined):
        reasons = [f"{task.id}: {note}" for task, _ in examined for note in task.notes]
        raise InputError("\n".join([f"{source}: no task horizon can run here:", *reasons]))
    target.mkdir(parents=True)
    (target / "suite.toml").write_text(_suite_toml(suite, version, description))
    for folder, (_, copy) in zip(folders, examined, strict=True):
        if copy:
            shutil.copytree(folder, target / folder.name, ignore=shutil.ignore_patterns(".git"))
    not_found = [
        ImportedTask(
            name,
            "not found",
            (f"no task folder under {root}: download it first (`harbor download {name}`).",),
        )
        for name in missing
    ]
    return ImportReport(target, tuple(task for task, _ in examined) + tuple(not_found))
