"""A task's own compose file (``environment/docker-compose.yaml``), read as Harbor merges it.

Harbor starts a task with ``docker compose``: its own files define the agent's container, the
service ``main`` (built from ``environment/Dockerfile`` or ``docker_image``), and a task's
compose file is merged on top, adding services (*sidecars*: a database, a web server) and
settings for ``main``. horizon does not run compose: its sandbox drives the engine itself
(``harness.sandbox``). This module reads the file into a small typed model that the sandbox
carries out, and says which keys it cannot carry out here.

Every key of a service falls in one of three sets, so nothing is silently dropped:

* :data:`APPLIED`: carried out (``image``, ``build``, ``environment``, ``command``, ...);
* :data:`IGNORED`: without effect here, and harmless to leave out (``ports``: nothing is
  published to the host, a sidecar is reached by its service name); a notice on the task;
* anything else (``privileged``, ``cap_add``, ``network_mode``, ``volumes``, ``devices``, ...):
  refused, the task does not load ("unsupported here: <key>").

Values are interpolated as compose does (``${VAR}``, ``${VAR:-default}``, ``$$``), from the
variables Harbor's compose files see (``CONTEXT_DIR``, ``MAIN_IMAGE_NAME``, ``CPUS``, ...), the
task's ``[environment] env`` and this machine's environment. Imports no Docker.
"""

import os
import re
import shlex
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, NonNegativeInt, ValidationError, model_validator

from harness.errors import TaskSpecError

COMPOSE_FILES = ("docker-compose.yaml", "docker-compose.yml", "compose.yaml", "compose.yml")
"""A task's own compose file in ``environment/`` (Harbor merges it with its own); the first
found is read."""

MAIN_SERVICE = "main"
"""Harbor's name for the agent's container, in its compose files and a task's."""

MAIN_IMAGE = "horizon-main-image"
"""What ``${MAIN_IMAGE_NAME}`` reads as: a sidecar whose ``image`` is this runs main's image."""

APPLIED = frozenset(
    {
        "image",
        "build",
        "environment",
        "command",
        "entrypoint",
        "working_dir",
        "user",
        "healthcheck",
        "depends_on",
        "expose",
    }
)
"""Service keys horizon carries out (``expose`` needs nothing: the internal network reaches
every port)."""

IGNORED: Mapping[str, str] = {
    "container_name": "horizon names each sample's containers itself",
    "hostname": "a service is reached by its service name",
    "ports": "nothing is published to the host; main reaches a sidecar by its service name",
    "networks": "every service of a sample shares one internal network",
    "restart": "nothing is restarted: a sidecar that stops before the sample starts is an "
    "infra error",
    "pull_policy": "an image is used when local, else pulled once before the run",
    "init": "every container runs with an init process",
    "stdin_open": "no service is attached to a terminal",
    "tty": "no service is attached to a terminal",
    "labels": "horizon labels its containers itself",
    "logging": "the engine's default log driver is used",
    "stop_signal": "containers are removed with the sample",
    "stop_grace_period": "containers are removed with the sample",
    "deploy": "resource limits come from task.toml [environment]",
    "mem_limit": "resource limits come from task.toml [environment]",
    "memswap_limit": "resource limits come from task.toml [environment]",
    "cpus": "resource limits come from task.toml [environment]",
    "cpu_shares": "resource limits come from task.toml [environment]",
    "pids_limit": "resource limits come from task.toml [environment]",
    "ulimits": "the engine's default limits are used",
    "platform": "images run on this machine's platform",
}
"""Service keys without effect here, each with why that is harmless: one notice per task."""

MAIN_REFUSED: Mapping[str, str] = {
    "command": "main runs horizon's keep-alive process; start a service in a sidecar",
    "entrypoint": "main runs horizon's keep-alive process; start a service in a sidecar",
    "user": "the agent's user is task.toml's [agent] user",
}
"""Keys that a sidecar may set but ``main`` may not, and why."""

TOP_LEVEL = frozenset({"services", "version", "name"})
"""Top-level keys read (``version`` and ``name`` only name the file)."""

DependsCondition = Literal["service_started", "service_healthy", "service_completed_successfully"]

_VARIABLE = re.compile(
    r"\$(?:(?P<escaped>\$)"
    r"|\{(?P<braced>[A-Za-z_][A-Za-z0-9_]*)(?:(?P<op>:?[-?])(?P<arg>[^}]*))?\}"
    r"|(?P<named>[A-Za-z_][A-Za-z0-9_]*))"
)
"""Compose interpolation: ``$$``, ``${VAR}``, ``${VAR:-default}``, ``${VAR-default}``,
``${VAR:?error}``, ``${VAR?error}``, ``$VAR``."""
_DURATION = re.compile(r"(\d+(?:\.\d+)?)(us|ms|s|m|h)")
_DURATION_SEC = {"us": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0, "h": 3600.0}


def parse_duration(value: Any) -> float:
    """A compose duration in seconds: ``"1m30s"`` -> 90.0, ``"500ms"`` -> 0.5, ``10`` -> 10.0.

    Raises:
        ValueError: Not a duration.
    """
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    text = str(value).strip()
    parts = _DURATION.findall(text)
    if not parts or "".join(n + u for n, u in parts) != text:
        raise ValueError(f"{value!r} is not a duration (e.g. 10s, 1m30s, 500ms)")
    return sum(float(number) * _DURATION_SEC[unit] for number, unit in parts)


def _argv(value: Any) -> Any:
    """``command`` / ``entrypoint`` as a list: a string is split as compose splits it."""
    return shlex.split(value) if isinstance(value, str) else value


class _Table(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ComposeHealthcheck(_Table):
    """A service's ``healthcheck``, in the engine's terms (durations in seconds).

    Defaults are Docker's (and compose's): a check every 30 s, 3 failures make it unhealthy.
    """

    test: tuple[str, ...]
    """``("CMD", argv...)``, ``("CMD-SHELL", command)``, or ``("NONE",)`` (disabled)."""
    interval_sec: float = Field(30.0, gt=0)
    timeout_sec: float = Field(30.0, gt=0)
    start_period_sec: float = Field(0.0, ge=0)
    start_interval_sec: float = Field(5.0, gt=0)
    retries: NonNegativeInt = 3

    @model_validator(mode="before")
    @classmethod
    def _compose_spelling(cls, data: Any) -> Any:
        """Compose's keys (``interval: 10s``, ``test: curl ...``, ``disable``) into these."""
        if not isinstance(data, dict) or "test" not in data and "disable" not in data:
            return data
        data = dict(data)
        if data.pop("disable", False):
            data["test"] = ["NONE"]
        test = data.get("test")
        if isinstance(test, str):
            data["test"] = ["CMD-SHELL", test]
        elif isinstance(test, list) and test and test[0] not in ("CMD", "CMD-SHELL", "NONE"):
            raise ValueError("`test` must start with CMD, CMD-SHELL or NONE (or be a string)")
        for key in ("interval", "timeout", "start_period", "start_interval"):
            if key in data:
                try:
                    data[f"{key}_sec"] = parse_duration(data.pop(key))
                except ValueError as err:
                    raise ValueError(f"`{key}`: {err}") from err
        return data

    @property
    def disabled(self) -> bool:
        """``test: ["NONE"]`` (or ``disable: true``): no check, not even the image's own."""
        return self.test[:1] == ("NONE",)

    def as_command(self) -> str:
        """The check as one shell command (how ``main``'s check runs, like Harbor's)."""
        if self.test[0] == "CMD-SHELL":
            return " ".join(self.test[1:])
        return shlex.join(self.test[1:])


class ComposeBuild(_Table):
    """A service's ``build``: its context (relative to ``environment/``) and Dockerfile."""

    context: str = "."
    dockerfile: str = "Dockerfile"
    args: dict[str, str] = Field(default_factory=dict)

    @model_validator(mode="before")
    @classmethod
    def _short_form(cls, data: Any) -> Any:
        if isinstance(data, str):
            return {"context": data}
        if isinstance(data, dict) and isinstance(data.get("args"), list):
            data = {**data, "args": dict(_key_value(item) for item in data["args"])}
        return data


def _key_value(item: Any) -> tuple[str, str]:
    key, _, value = str(item).partition("=")
    return key, value


def _text(value: Any) -> str:
    """An ``environment`` value as the container sees it (compose writes booleans lowercase)."""
    if isinstance(value, bool):
        return str(value).lower()
    return "" if value is None else str(value)


class ComposeService(_Table):
    """One service of the compose file, keys of :data:`APPLIED` only.

    The rest is sorted out before validation: ignored keys dropped, refused ones reported.
    """

    image: str | None = None
    build: ComposeBuild | None = None
    environment: dict[str, str] = Field(default_factory=dict)
    command: tuple[str, ...] | None = None
    entrypoint: tuple[str, ...] | None = None
    working_dir: str | None = None
    user: str | None = None
    healthcheck: ComposeHealthcheck | None = None
    depends_on: dict[str, DependsCondition] = Field(default_factory=dict)
    """Services started (or healthy, or done) before this one, as compose orders them."""
    expose: tuple[str, ...] = ()

    @model_validator(mode="before")
    @classmethod
    def _compose_spelling(cls, data: Any) -> Any:
        """Compose's alternative forms: lists for maps, strings for argv, numbers for text."""
        if not isinstance(data, dict):
            return data
        data = {k: v for k, v in data.items() if k in APPLIED}
        env = data.get("environment")
        if isinstance(env, list):
            data["environment"] = dict(_key_value(item) for item in env)
        elif isinstance(env, dict):
            data["environment"] = {str(k): _text(v) for k, v in env.items()}
        for key in ("command", "entrypoint"):
            if key in data:
                data[key] = _argv(data[key])
        depends = data.get("depends_on")
        if isinstance(depends, list):
            data["depends_on"] = {name: "service_started" for name in depends}
        elif isinstance(depends, dict):
            data["depends_on"] = {
                name: (value or {}).get("condition", "service_started") if isinstance(value, dict)
                else value
                for name, value in depends.items()
            }  # fmt: skip
        if isinstance(data.get("expose"), list):
            data["expose"] = [str(port) for port in data["expose"]]
        if isinstance(data.get("user"), int):
            data["user"] = str(data["user"])
        return data


class ComposeFile(_Table):
    """The services of a task's compose file: ``main`` (optional) and the sidecars."""

    services: dict[str, ComposeService]

    @property
    def main(self) -> ComposeService:
        """What the file sets for ``main`` (empty when it names no ``main``)."""
        return self.services.get(MAIN_SERVICE) or ComposeService()

    @property
    def sidecars(self) -> dict[str, ComposeService]:
        """Every service but ``main``, in start order (each after those it depends on)."""
        return {name: self.services[name] for name in start_order(self.services)}


def start_order(services: Mapping[str, ComposeService]) -> list[str]:
    """The sidecars (every service but ``main``) in an order that starts dependencies first.

    Raises:
        ValueError: The ``depends_on`` of some services form a cycle.
    """
    order: list[str] = []
    visiting: list[str] = []

    def visit(name: str) -> None:
        if name in order or name == MAIN_SERVICE or name not in services:
            return
        if name in visiting:
            cycle = " -> ".join([*visiting[visiting.index(name) :], name])
            raise ValueError(f"depends_on forms a cycle: {cycle}")
        visiting.append(name)
        for dependency in services[name].depends_on:
            visit(dependency)
        visiting.pop()
        order.append(name)

    for name in sorted(services):
        visit(name)
    return order


@dataclass(frozen=True)
class Refusal:
    """One compose key horizon does not carry out, and why."""

    key: str
    """Where it is: ``services.db.privileged``."""
    why: str
    blocking: bool = True
    """False for :data:`IGNORED` keys: the task runs, with a notice."""


@dataclass(frozen=True)
class TaskCompose:
    """A task's compose file: where it is, what it runs, and what it asks that is not done."""

    path: Path
    file: ComposeFile | None
    """None when a refused key stops the task (then it is not run, and not validated)."""
    refusals: tuple[Refusal, ...]


def find_compose_file(environment_dir: Path) -> Path | None:
    """The task's compose file (the first of :data:`COMPOSE_FILES` there), or None."""
    return next(
        (environment_dir / n for n in COMPOSE_FILES if (environment_dir / n).is_file()), None
    )


def compose_variables(
    environment_dir: Path, *, docker_image: str | None, cpus: float, memory_mb: int
) -> dict[str, str]:
    """The variables Harbor's compose run sees, over this machine's environment.

    ``CONTEXT_DIR`` is ``environment/``; ``MAIN_IMAGE_NAME`` reads as :data:`MAIN_IMAGE` (a
    sidecar that names it runs main's image); the log and artifact paths are those inside the
    container (host paths only serve bind mounts, which horizon refuses).
    """
    return {
        **os.environ,
        "CONTEXT_DIR": str(environment_dir),
        "MAIN_IMAGE_NAME": MAIN_IMAGE,
        "PREBUILT_IMAGE_NAME": docker_image or MAIN_IMAGE,
        "CPUS": f"{cpus:g}",
        "MEMORY": f"{memory_mb}M",
        "ENV_VERIFIER_LOGS_PATH": "/logs/verifier",
        "ENV_AGENT_LOGS_PATH": "/logs/agent",
        "ENV_ARTIFACTS_PATH": "/logs/artifacts",
    }


def interpolate(value: Any, variables: Mapping[str, str], where: str = "") -> Any:
    """``value`` with compose's ``$`` forms replaced from ``variables``, recursively.

    Mapping keys are left as they are (compose interpolates values only).

    Raises:
        ValueError: A variable without default is not set (``where`` names the key).
    """
    if isinstance(value, dict):
        return {k: interpolate(v, variables, f"{where}.{k}".lstrip(".")) for k, v in value.items()}
    if isinstance(value, list):
        return [interpolate(v, variables, f"{where}[{i}]") for i, v in enumerate(value)]
    if not isinstance(value, str):
        return value

    def replace(match: re.Match[str]) -> str:
        if match["escaped"]:
            return "$"
        name = match["braced"] or match["named"]
        op, arg = match["op"] or "", match["arg"] or ""
        found = variables.get(name)
        unset = found is None or (op.startswith(":") and found == "")
        if not unset:
            return str(found)
        if op.endswith("-"):
            return arg
        raise ValueError(
            f"{where}: ${{{name}}} is not set{': ' + arg if arg else ''}. Export {name}, set "
            f"it in task.toml [environment] env, or give a default (${{{name}:-value}})"
        )

    return _VARIABLE.sub(replace, value)


def _service_refusals(name: str, service: Any) -> Iterator[Refusal]:
    if not isinstance(service, dict):
        return
    applied = sorted(APPLIED - (MAIN_REFUSED.keys() if name == MAIN_SERVICE else set()))
    for key in service:
        where = f"services.{name}.{key}"
        if str(key).startswith("x-"):
            continue
        if key in IGNORED:
            yield Refusal(where, f"ignored: {IGNORED[key]}", blocking=False)
        elif name == MAIN_SERVICE and key in MAIN_REFUSED:
            yield Refusal(where, MAIN_REFUSED[key])
        elif key not in APPLIED:
            yield Refusal(
                where,
                f"a compose key horizon's sandbox does not carry out (it runs {', '.join(applied)};"
                " never privileged, added capabilities, host networks, mounts or devices)",
            )
    depends = service.get("depends_on")
    if name != MAIN_SERVICE and isinstance(depends, list | dict) and MAIN_SERVICE in depends:
        yield Refusal(
            f"services.{name}.depends_on",
            "a sidecar that waits for main: sidecars start (and are healthy) before main",
        )


def _file_refusals(
    compose: ComposeFile, environment_dir: Path, prebuilt: str | None
) -> Iterator[Refusal]:
    """``main`` is built from ``environment/`` (or is ``docker_image``): nothing else."""
    main = compose.main
    if main.build is not None:
        context = (environment_dir / main.build.context).resolve()
        if context != environment_dir.resolve() or main.build.dockerfile != "Dockerfile":
            yield Refusal(
                f"services.{MAIN_SERVICE}.build",
                "main is built from environment/Dockerfile (got context "
                f"{main.build.context!r}, dockerfile {main.build.dockerfile!r})",
            )
    if main.image is not None and main.image not in (MAIN_IMAGE, prebuilt):
        yield Refusal(
            f"services.{MAIN_SERVICE}.image",
            f"{main.image!r}: main's image is environment/Dockerfile's, or task.toml's "
            "[environment] docker_image",
        )
    for name, service in compose.services.items():
        if name == MAIN_SERVICE:
            continue
        if service.build is not None:
            context = (environment_dir / service.build.context).resolve()
            if not context.is_relative_to(environment_dir.resolve()):
                yield Refusal(
                    f"services.{name}.build.context",
                    f"{service.build.context!r} is outside environment/: only environment/ "
                    "is built from, so tests/ and solution/ never reach an image",
                )
        elif service.image is None:
            yield Refusal(f"services.{name}", "a sidecar needs an `image` or a `build`")
    unknown = {
        f"services.{name}.depends_on.{dep}"
        for name, service in compose.services.items()
        for dep in service.depends_on
        if dep not in compose.services
    }
    for key in sorted(unknown):
        yield Refusal(key, "no such service in the file")
    try:
        start_order(compose.services)
    except ValueError as err:
        yield Refusal("services", str(err))


def _read_yaml(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text())
    except yaml.YAMLError as err:
        raise TaskSpecError(f"{path}: not valid YAML: {err}. Fix the syntax there.") from err
    except UnicodeDecodeError as err:
        raise TaskSpecError(f"{path}: not UTF-8 text. Save it as UTF-8.") from err
    if not isinstance(data, dict) or not isinstance(data.get("services"), dict):
        raise TaskSpecError(
            f"{path}: (top level): must be a mapping with `services` (got "
            f"{type(data).__name__}). Write the services under `services:`, as compose does."
        )
    return data


def _format_errors(path: Path, err: ValidationError) -> str:
    lines = []
    for problem in err.errors():
        where = ".".join(str(p) for p in problem["loc"] if not str(p).startswith("function-"))
        message = problem["msg"].removeprefix("Value error, ")
        got = "" if problem["type"] == "value_error" else f" (got {problem['input']!r})"
        lines.append(
            f"{path}: {where}: {message}{got}. Fix it as the compose specification spells it "
            "(https://docs.docker.com/reference/compose-file/services/)."
        )
    return "\n".join(lines)


def read_compose(
    environment_dir: Path, variables: Mapping[str, str] | None = None
) -> TaskCompose | None:
    """Read the task's compose file, if it has one.

    Args:
        environment_dir: The task's ``environment/`` folder.
        variables: What ``${VAR}`` reads (:func:`compose_variables`); default: only this
            machine's environment.

    Returns:
        None without a compose file. Else its services (``file``) and what is not carried out
        (``refusals``); ``file`` is None when a refusal blocks the task.

    Raises:
        TaskSpecError: The file is not YAML, has no ``services``, names an unset variable, or
            a value is malformed; one line per problem, naming file, key and fix.
    """
    path = find_compose_file(environment_dir)
    if path is None:
        return None
    data = _read_yaml(path)
    refusals = [
        Refusal(key, "a compose key horizon's sandbox does not carry out (only `services`)")
        for key in data
        if key not in TOP_LEVEL and not str(key).startswith("x-") and data[key]
    ]
    for name, service in data["services"].items():
        refusals.extend(_service_refusals(str(name), service))
    if any(r.blocking for r in refusals):
        return TaskCompose(path, None, tuple(refusals))
    try:
        services = interpolate(data["services"], variables or os.environ, "services")
    except ValueError as err:
        raise TaskSpecError(f"{path}: {err}.") from err
    try:
        compose = ComposeFile.model_validate({"services": services})
    except ValidationError as err:
        raise TaskSpecError(_format_errors(path, err)) from err
    prebuilt = (variables or {}).get("PREBUILT_IMAGE_NAME")
    refusals.extend(_file_refusals(compose, environment_dir, prebuilt))
    blocked = any(r.blocking for r in refusals)
    return TaskCompose(path, None if blocked else compose, tuple(refusals))
