"""Load and validate task folders and suites; every problem becomes one clear line.

A message has the shape ``<file>: <where>: <what> (got X). <fix>``. Loading a suite collects
the problems of every task before raising, so one run of ``horizon tasks check`` shows them all.
"""

import re
import tomllib
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from harness._hashing import folder_hash
from harness._paths import TASKS_DIR
from harness.errors import TaskSpecError, TaskUnsupportedError

from ._compose import TaskCompose, compose_variables, read_compose
from ._harbor import resolve_env
from ._spec import HORIZON_KEYS, HarborTaskToml, StepSpec, Suite, SuiteToml, TaskSpec, TaskToml
from ._support import limitations

M = TypeVar("M", bound=BaseModel)

SECTIONS = ("metadata", "human", "agent", "verifier", "environment", "solution")

REQUIRED_FILES = {
    "instruction.md": "Write what the agent is told in instruction.md.",
    "environment/Dockerfile": "Add environment/Dockerfile (FROM horizon-python:latest).",
    "tests/test.sh": "Add tests/test.sh; it must write /logs/verifier/reward.txt.",
    "solution/solve.sh": "Add solution/solve.sh: the reference solution that proves the task "
    "is solvable.",
}
"""Files every horizon task has; a Harbor task may leave out ``solution/`` (Harbor's rule)."""
HARBOR_OPTIONAL = ("solution/solve.sh",)
MULTI_STEP_OPTIONAL = ("instruction.md", "tests/test.sh", "solution/solve.sh")
"""What a multi-step task may leave out at its top: each step brings its own (Harbor's layout:
``steps/<name>/instruction.md``, ``tests/``, ``solution/``; :func:`_load_steps`)."""
STEP_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
"""A step's name is its folder's name under ``steps/``."""
UNSUPPORTED_FIX = "Run this task with Harbor, or drop the key if the task works without it."

# Fix hints for pydantic error types; the field-specific ones come first.
FIELD_FIXES: dict[tuple[str, str], str] = {
    ("human", "minutes"): "Set it to the minutes a skilled human needs (a positive number).",
    ("human", "source"): "Use one of: baseline, estimate, expert-estimate.",
}
TYPE_FIXES = {
    "extra_forbidden": "Remove it, or check its spelling against tasks/README.md "
    "(prefix a key with `x-` to keep private data).",
    "missing": "Add it.",
    "greater_than": "Use a positive number.",
    "literal_error": "Use one of the allowed values.",
}


def _toml_path(loc: Sequence[str | int]) -> str:
    parts = [str(p) for p in loc if not str(p).startswith("function-")]
    if not parts:
        return "(top level)"
    if len(parts) == 1:
        return f"[{parts[0]}]" if parts[0] in SECTIONS else parts[0]
    return f"[{'.'.join(parts[:-1])}].{parts[-1]}"


def format_validation_error(file: Path, err: ValidationError) -> list[str]:
    """One ``file: where: what (got X). fix`` line per pydantic problem."""
    lines = []
    for problem in err.errors():
        loc = tuple(str(p) for p in problem["loc"])
        fix = FIELD_FIXES.get((loc[-2], loc[-1]) if len(loc) > 1 else ("", "")) or TYPE_FIXES.get(
            problem["type"], ""
        )
        got = (
            "" if problem["type"] in ("missing", "value_error") else f" (got {problem['input']!r})"
        )
        msg = problem["msg"].removeprefix("Value error, ")
        lines.append(f"{file}: {_toml_path(loc)}: {msg}{got}. {fix}".rstrip())
    return lines


def _read_toml(path: Path) -> dict[str, Any]:
    if not path.is_file():
        raise TaskSpecError(f"{path}: file not found. Create it (see tasks/README.md).")
    try:
        return tomllib.loads(path.read_text())
    except tomllib.TOMLDecodeError as err:
        raise TaskSpecError(f"{path}: not valid TOML: {err}. Fix the syntax there.") from err
    except UnicodeDecodeError as err:
        raise TaskSpecError(f"{path}: not UTF-8 text. Save it as UTF-8.") from err


def _validate(model: type[M], path: Path, data: dict[str, Any]) -> M:
    try:
        return model.model_validate(data)
    except ValidationError as err:
        raise TaskSpecError("\n".join(format_validation_error(path, err))) from err


def _unknown_keys(config: TaskToml) -> list[str]:
    """Keys Harbor's schema does not define, kept as Harbor keeps them: one notice each."""
    tables: list[tuple[str, BaseModel]] = [
        (f"[{name}]", getattr(config, name)) for name in ("agent", "verifier", "environment")
    ]
    if isinstance(config, HarborTaskToml):
        tables.append(("(top level)", config))
    return [
        f"{where}.{key}: unknown key, kept but not used by horizon"
        for where, table in tables
        for key in table.model_extra or {}
        if not key.startswith("x-")
    ]


def _env_problems(toml_path: Path, config: TaskToml) -> list[str]:
    """``${VAR}`` templates in ``env`` tables that name a variable this machine lacks."""
    problems = []
    tables = (
        ("[environment].env", config.environment.env),
        ("[verifier].env", config.verifier.env),
        ("[solution].env", config.solution.env),
        *(
            (f"steps[{i}].verifier.env", step.verifier.env)
            for i, step in enumerate(config.steps or ())
        ),
    )
    for where, env in tables:
        try:
            resolve_env(env)
        except KeyError as err:
            name = err.args[0]
            problems.append(
                f"{toml_path}: {where}: ${{{name}}} is not set on this machine. "
                f"Export {name}, or give a default (${{{name}:-value}})."
            )
    return problems


def _missing_files(path: Path, config: TaskToml | None) -> list[str]:
    """The required files that are missing.

    ``config`` says what the task is; until it is known, only what every task needs.
    """
    optional: tuple[str, ...] = ()
    if config is None or isinstance(config, HarborTaskToml):
        optional = HARBOR_OPTIONAL
    if config is not None and config.steps:
        optional += MULTI_STEP_OPTIONAL
    if config is not None and config.environment.docker_image:
        optional += ("environment/Dockerfile",)
    return [
        f"{path / rel}: missing. {fix}"
        for rel, fix in REQUIRED_FILES.items()
        if rel not in optional and not (path / rel).is_file()
    ]


def _load_steps(path: Path, config: TaskToml) -> tuple[tuple[StepSpec, ...], list[str]]:
    """The task's ``[[steps]]`` with their folders, and the problems found in them.

    Each step needs ``steps/<name>/instruction.md`` (not empty) and a ``test.sh`` of its own
    (``steps/<name>/tests/``) or the task's (``tests/``), as Harbor requires.
    """
    toml_path = path / "task.toml"
    steps: list[StepSpec] = []
    problems: list[str] = []
    seen: set[str] = set()
    for index, step in enumerate(config.steps or ()):
        where = f"{toml_path}: steps[{index}].name"
        if not STEP_NAME.match(step.name):
            problems.append(
                f"{where}: not a folder name (got {step.name!r}). Use letters, digits, '.', "
                "'_' and '-', starting with a letter or digit."
            )
            continue
        if step.name in seen:
            problems.append(f"{where}: {step.name!r} appears twice. Give each step its own name.")
            continue
        seen.add(step.name)
        folder = path / "steps" / step.name
        instruction_file = folder / "instruction.md"
        instruction = instruction_file.read_text() if instruction_file.is_file() else ""
        if not instruction.strip():
            state = "empty" if instruction_file.is_file() else "missing"
            problems.append(
                f"{instruction_file}: {state}. Write what the agent is told in step {step.name!r}."
            )
        if not (folder / "tests" / "test.sh").is_file() and not (path / "tests/test.sh").is_file():
            problems.append(
                f"{folder / 'tests' / 'test.sh'}: missing, and the task has no tests/test.sh. "
                "Add one; it must write /logs/verifier/reward.txt."
            )
        steps.append(
            StepSpec(
                name=step.name,
                path=folder,
                instruction=instruction,
                agent_timeout_sec=step.agent.timeout_sec or config.agent.timeout_sec,
                verifier_timeout_sec=step.verifier.timeout_sec or config.verifier.timeout_sec,
                verifier_env={**config.verifier.env, **step.verifier.env},
                min_reward=step.min_reward,
            )
        )
    return tuple(steps), problems


def _read_config(toml_path: Path) -> TaskToml:
    """A horizon task's ``task.toml`` (it uses horizon's keys), or one written for Harbor."""
    data = _read_toml(toml_path)
    model = TaskToml if HORIZON_KEYS & data.keys() else HarborTaskToml
    return _validate(model, toml_path, data)


def _read_task_compose(path: Path, config: TaskToml) -> TaskCompose | None:
    """The task's compose file, its ``${VAR}`` read as Harbor's compose run reads them."""
    env = config.environment
    try:
        task_env = resolve_env(env.env)
    except KeyError:
        task_env = {}  # reported by _env_problems, with its fix
    variables = compose_variables(
        path / "environment", docker_image=env.docker_image, cpus=env.cpus, memory_mb=env.memory_mb
    )
    return read_compose(path / "environment", {**variables, **task_env})


def load_task(path: Path, suite: str | None = None) -> TaskSpec:
    """Load and validate one task folder.

    Args:
        path: The task folder.
        suite: The suite's name (default: the parent folder's name).

    Raises:
        TaskUnsupportedError: The task asks for what horizon cannot do here (one line per
            setting, naming file, key and why).
        TaskSpecError: Every problem found, one line each, naming file, field and fix.
    """
    path = path.resolve()
    if not path.is_dir():
        raise TaskSpecError(f"{path}: no such task folder. Check the path or task id.")
    toml_path = path / "task.toml"
    try:
        config = _read_config(toml_path)
    except TaskSpecError as err:
        raise TaskSpecError("\n".join([str(err), *_missing_files(path, None)])) from err
    compose = _read_task_compose(path, config)
    found = limitations(config, path, compose)
    blocking = [f"{lim.message(toml_path)}. {UNSUPPORTED_FIX}" for lim in found if lim.blocking]
    if blocking:
        raise TaskUnsupportedError("\n".join(blocking))
    problems = _missing_files(path, config) + _env_problems(toml_path, config)
    if config.id is not None and config.id != path.name:
        problems.append(
            f"{toml_path}: id: must equal the folder name (got {config.id!r}, folder "
            f"{path.name!r}). Rename one of them."
        )
    instruction = (
        (path / "instruction.md").read_text() if (path / "instruction.md").is_file() else ""
    )
    if (path / "instruction.md").is_file() and not instruction.strip() and not config.steps:
        problems.append(f"{path / 'instruction.md'}: empty. Write what the agent is told.")
    steps, step_problems = _load_steps(path, config)
    problems += step_problems
    if problems:
        raise TaskSpecError("\n".join(problems))
    notices = [lim.message(toml_path) for lim in found] + [
        f"{toml_path}: {unknown}" for unknown in _unknown_keys(config)
    ]
    return TaskSpec(
        id=path.name,
        suite=suite or path.parent.name,
        path=path,
        config=config,
        instruction=instruction,
        content_hash=folder_hash(path),
        notices=tuple(notices),
        compose=compose.file if compose is not None else None,
        steps=steps,
    )


@lru_cache(maxsize=1024)
def load_task_cached(path: str) -> TaskSpec:
    """``load_task`` once per folder per process: samples, agents and the verifier all ask."""
    return load_task(Path(path))


def suite_path(name_or_path: str | Path) -> Path:
    """A suite name (``core``) or a folder path -> the suite folder."""
    candidate = Path(name_or_path)
    if candidate.is_dir():
        return candidate.resolve()
    named = TASKS_DIR / str(name_or_path)
    if named.is_dir():
        return named
    known = sorted(p.parent.name for p in TASKS_DIR.glob("*/suite.toml"))
    raise TaskSpecError(
        f"no suite {str(name_or_path)!r} (looked in {TASKS_DIR}). "
        f"Known suites: {', '.join(known) or 'none'}; or give a folder path."
    )


def load_suite(
    name_or_path: str | Path, task_ids: Iterable[str] = (), *, strict: bool = True
) -> Suite:
    """Load a suite and validate all (or the named) tasks, reporting every problem at once.

    Args:
        name_or_path: A suite name under ``tasks/``, or a folder of task folders (a Harbor
            dataset needs no ``suite.toml``).
        task_ids: Only these tasks (default: all).
        strict: Raise when any task does not load. Otherwise every task that loads is kept
            and each one that does not is listed in ``Suite.problems``.

    Raises:
        TaskSpecError: Problems in ``suite.toml``; any task's (when ``strict``), or no task
            left to load; one line each.
    """
    path = suite_path(name_or_path)
    if (path / "suite.toml").is_file() or path.parent == TASKS_DIR:
        config = _validate(SuiteToml, path / "suite.toml", _read_toml(path / "suite.toml"))
    else:
        # A folder of Harbor tasks given by path (Harbor datasets have no suite.toml).
        config = SuiteToml(name=path.name, version="unversioned", description=str(path))
    # Every visible subfolder is a task: one without task.toml is reported, not skipped.
    folders = sorted(p for p in path.iterdir() if p.is_dir() and not p.name.startswith((".", "_")))
    wanted = list(task_ids)
    if wanted:
        by_id = {f.name: f for f in folders}
        unknown = [t for t in wanted if t not in by_id]
        if unknown:
            raise TaskSpecError(
                f"{path}: no task named {', '.join(unknown)}. "
                f"Run `horizon tasks list --suite {config.name}` to see the ids."
            )
        folders = [by_id[t] for t in wanted]
    tasks, problems = [], []
    for folder in folders:
        try:
            tasks.append(load_task(folder, suite=config.name))
        except TaskSpecError as err:
            problems.append(str(err))
    if problems and (strict or not tasks):
        raise TaskSpecError("\n".join(problems))
    if not tasks:
        raise TaskSpecError(f"{path}: no task folders (each needs a task.toml).")
    return Suite(
        name=config.name, path=path, config=config, tasks=tuple(tasks), problems=tuple(problems)
    )
