"""Compose files for task sandboxes, hardened by default.

No network unless the task sets ``allow_internet``; no privilege escalation; process, memory
and CPU limits from ``task.toml``; an init process to reap zombies; local images only
(Inspect's ``x-local`` and compose's ``pull_policy: never``); horizon's labels on the container
and its network (``_leftovers``), with the disk limit the watchdog enforces (``_disk``).

Capabilities: all are dropped but the few that root needs to run the harness's and the
verifier's side (:data:`ROOT_CAPABILITIES`). The agent works as an unprivileged user, so it
holds none of them, and ``no-new-privileges`` stops it from gaining any through a setuid
binary.
"""

from pathlib import Path
from typing import Any

import yaml

from harness._paths import RESULTS_DIR
from harness.suite import TaskSpec

from ._disk import DEFAULT_STORAGE_MB, STORAGE_LABEL
from ._leftovers import labels

COMPOSE_DIR = RESULTS_DIR / ".sandboxes"

ROOT_CAPABILITIES = ("CHOWN", "DAC_OVERRIDE", "FOWNER", "KILL", "SETUID", "SETGID")
"""What root keeps: hand the working folder to the agent (CHOWN), read and reset what the agent
left whatever its modes (DAC_OVERRIDE, FOWNER), run its programs as the agent user during
grading (SETUID, SETGID; ``horizon_grading.run_program``), and stop whatever is left running
once the verifier exits, whoever owns it (KILL)."""


def compose_config(spec: TaskSpec, image: str) -> dict[str, Any]:
    """The compose document for one task's sandbox."""
    env = spec.config.environment
    service: dict[str, Any] = {
        "image": image,
        "x-local": True,
        "pull_policy": "never",
        # Keep the container alive for Inspect's exec calls.
        "command": ["sleep", "infinity"],
        "init": True,
        "cap_drop": ["ALL"],
        "cap_add": list(ROOT_CAPABILITIES),
        "security_opt": ["no-new-privileges:true"],
        "pids_limit": env.pids_limit,
        "mem_limit": f"{env.memory_mb}m",
        "cpus": env.cpus,
        # So `horizon clean` (and a resumed run) can find what a killed run left.
        "labels": {**labels(), STORAGE_LABEL: str(env.storage_mb or DEFAULT_STORAGE_MB)},
    }
    if not env.allow_internet:
        service["network_mode"] = "none"
        return {"services": {"default": service}}
    return {"services": {"default": service}, "networks": {"default": {"labels": labels()}}}


def write_compose_file(spec: TaskSpec, image: str, directory: Path = COMPOSE_DIR) -> Path:
    """Write the task's compose file (named by image tag, so it is stable) and return its path."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{image.replace(':', '-')}.yaml"
    text = yaml.safe_dump(compose_config(spec, image), sort_keys=False)
    if not path.exists() or path.read_text() != text:
        path.write_text(text)
    return path
