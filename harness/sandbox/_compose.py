"""Compose files for task sandboxes, hardened by default.

No network unless the task sets ``allow_internet``; no capabilities; no privilege escalation;
process, memory and CPU limits from ``task.toml``; an init process to reap zombies; local
images only (Inspect's ``x-local`` and compose's ``pull_policy: never``).
"""

from pathlib import Path
from typing import Any

import yaml

from harness._paths import RESULTS_DIR
from harness.suite import TaskSpec

COMPOSE_DIR = RESULTS_DIR / ".sandboxes"


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
        "security_opt": ["no-new-privileges:true"],
        "pids_limit": env.pids_limit,
        "mem_limit": f"{env.memory_mb}m",
        "cpus": env.cpus,
    }
    if not env.allow_internet:
        service["network_mode"] = "none"
    return {"services": {"default": service}}


def write_compose_file(spec: TaskSpec, image: str, directory: Path = COMPOSE_DIR) -> Path:
    """Write the task's compose file (named by image tag, so it is stable) and return its path."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{image.replace(':', '-')}.yaml"
    text = yaml.safe_dump(compose_config(spec, image), sort_keys=False)
    if not path.exists() or path.read_text() != text:
        path.write_text(text)
    return path
