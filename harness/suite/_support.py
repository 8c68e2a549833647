"""What a task asks for that horizon cannot do on this machine, said per task, never silently.

Every Harbor setting either takes effect (``_spec`` maps it onto what the sandbox, agents and
verifier read) or is listed here. A *blocking* limitation would change what runs or how it is
graded, so the task does not load ("unsupported here: <key>") and the rest of its suite still
runs. A non-blocking one (e.g. ``artifacts``, files Harbor collects for its viewer) only
becomes a notice on the task. A task's compose file is read by ``_compose``, which sorts each of
its keys the same way.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ._compose import MAIN_SERVICE, TaskCompose
from ._spec import TaskToml


@dataclass(frozen=True)
class Limitation:
    """One setting horizon does not carry out here."""

    key: str
    """Where it is, as the task file spells it (``[environment].gpus``, ``steps``)."""
    why: str
    """What it asks for and why horizon cannot do it here."""
    blocking: bool = True
    """Whether the task cannot run faithfully without it."""

    def message(self, file: Path) -> str:
        """``<file>: unsupported here: <key>: <why>``, the line a user sees."""
        return f"{file}: unsupported here: {self.key}: {self.why}"


def _compose(compose: TaskCompose | None, task_dir: Path) -> Iterator[Limitation]:
    if compose is None:
        return
    file = compose.path.relative_to(task_dir).as_posix()
    for refusal in compose.refusals:
        yield Limitation(f"{file}: {refusal.key}", refusal.why, refusal.blocking)


def _environment(config: TaskToml, task_dir: Path) -> Iterator[Limitation]:
    env = config.environment
    if env.docker_image and (task_dir / "environment" / "Dockerfile").is_file():
        yield Limitation(
            "[environment].docker_image",
            f"prebuilt image {env.docker_image!r} not used: the image is built from "
            "environment/Dockerfile (as Harbor's --force-build does)",
            False,
        )
    if env.os != "linux":
        yield Limitation("[environment].os", f"{env.os} containers; horizon runs Linux only")
    if env.gpus or env.gpu_types:
        yield Limitation("[environment].gpus", f"{env.gpus} GPU(s); sandboxes here have none")
    if env.tpu is not None:
        yield Limitation("[environment].tpu", "a TPU slice; sandboxes here have none")
    if env.mcp_servers:
        names = ", ".join(s.name for s in env.mcp_servers)
        yield Limitation("[environment].mcp_servers", f"MCP servers ({names}) for the agent")
    if env.network == "allowlist":
        yield Limitation(
            "[environment].allowed_hosts",
            "an allowlist network (Harbor's egress proxy); horizon has only on or off",
        )
    if env.skills_dir:
        yield Limitation(
            "[environment].skills_dir", "agent skills are not offered to horizon's agents", False
        )


def _phases(config: TaskToml) -> Iterator[Limitation]:
    sandbox_network = config.environment.network
    for name, phase in (("agent", config.agent), ("verifier", config.verifier)):
        mode = phase.network_mode or ("allowlist" if phase.allowed_hosts else None)
        if mode is not None and mode != sandbox_network:
            yield Limitation(
                f"[{name}].network_mode",
                f"{mode!r} for the {name} alone; one sandbox has one network "
                f"({sandbox_network!r} from [environment])",
            )
    verifier = config.verifier
    sidecar_hooks = sorted({hook.service for hook in verifier.collect} - {MAIN_SERVICE})
    if sidecar_hooks:
        yield Limitation(
            "[[verifier.collect]].service",
            f"hooks in the sidecar(s) {', '.join(sidecar_hooks)}; horizon runs collect hooks "
            "in main only",
        )
    sidecar_artifacts = sorted(
        {a.service for a in config.artifacts if not isinstance(a, str) and a.service}
        - {MAIN_SERVICE}
    )
    if verifier.separate and sidecar_artifacts:
        yield Limitation(
            "artifacts.service",
            f"artifacts of the sidecar(s) {', '.join(sidecar_artifacts)} for a separate "
            "verifier; horizon carries main's paths only",
        )
    if verifier.user not in (None, "root", "0") and verifier.user == config.agent.user:
        yield Limitation(
            "[verifier].user",
            f"{verifier.user!r} is also the agent's user: the verifier would run with rights "
            "the agent had, over files it could have planted (its home's config files among "
            "them); give the verifier a user of its own, or root",
        )


STEP_FOLDERS = ("workdir", "environment")
"""Per-step folders Harbor copies into the sandbox before the step's agent turn (with
``workdir/setup.sh`` run first); horizon does not, so a step that has one is refused."""


def _steps(config: TaskToml, task_dir: Path) -> Iterator[Limitation]:
    """What a multi-step task's steps ask for beyond turns, timeouts, tests and ``min_reward``."""
    if config.steps and config.verifier.separate:
        yield Limitation(
            "[verifier].environment_mode",
            "a separate verifier for a multi-step task: horizon grades each step in the agent's "
            "sandbox",
        )
    for index, step in enumerate(config.steps or ()):
        where = f"steps[{index}] ({step.name})"
        for key in sorted(step.model_extra or {}):
            if not key.startswith("x-"):
                # Newer Harbor adds step keys that change the score (e.g. a step left out of
                # the mean); ignoring one could grade the task differently from Harbor.
                yield Limitation(
                    f"{where}.{key}",
                    "a per-step key horizon does not know; it may change how the step counts",
                )
        for phase, table in (("agent", step.agent), ("verifier", step.verifier)):
            for key in sorted(table.model_extra or {}):
                if not key.startswith("x-"):
                    yield Limitation(
                        f"{where}.{phase}.{key}",
                        f"a per-step {phase} {key!r}; horizon overlays only timeout_sec "
                        "(and the verifier's env) per step",
                    )
        if isinstance(step.min_reward, dict):
            yield Limitation(
                f"{where}.min_reward",
                "per-key thresholds; horizon reads one reward per step ([verifier] reward_key), "
                "so give one number",
            )
        if step.healthcheck is not None:
            yield Limitation(f"{where}.healthcheck", "a readiness check before the step's turn")
        for folder in STEP_FOLDERS:
            if (task_dir / "steps" / step.name / folder).is_dir():
                yield Limitation(
                    f"steps/{step.name}/{folder}/",
                    "files copied in (and a setup.sh run) before the step's turn",
                )
        if step.artifacts:
            yield Limitation(
                f"{where}.artifacts", "not collected (the Inspect log keeps the transcript)", False
            )


def limitations(
    config: TaskToml, task_dir: Path, compose: TaskCompose | None = None
) -> list[Limitation]:
    """Everything in the task that horizon does not carry out here.

    Args:
        config: The validated ``task.toml``.
        task_dir: The task folder (its ``environment/`` is looked at too).
        compose: The task's compose file, as ``_compose.read_compose`` read it.
    """
    found = [
        *_compose(compose, task_dir),
        *_environment(config, task_dir),
        *_phases(config),
        *_steps(config, task_dir),
    ]
    if config.artifacts:
        kept = "carried into the separate verifier, " if config.verifier.separate else ""
        found.append(
            Limitation(
                "artifacts",
                f"{kept}not collected (the Inspect log keeps the transcript)",
                False,
            )
        )
    return found
