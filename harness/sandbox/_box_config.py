"""What a task's sandbox is: a typed config from ``task.toml``, and the container it makes.

No network unless the task sets ``allow_internet`` (then a network of the sample's own); no
privilege escalation; process, memory and CPU limits from ``task.toml``; an init process to
reap zombies; local images only (the engine's create call never pulls); horizon's labels on
the container and its network (``_leftovers``), with the disk limit the watchdog enforces
(``_disk``).

Capabilities: all are dropped but the few that root needs to run the harness's and the
verifier's side (:data:`ROOT_CAPABILITIES`). The agent works as an unprivileged user, so it
holds none of them, and ``no-new-privileges`` stops it from gaining any through a setuid
binary.
"""

from typing import Any

from pydantic import BaseModel

from harness.suite import TaskSpec

from ._disk import DEFAULT_STORAGE_MB, STORAGE_LABEL

ROOT_CAPABILITIES = ("CHOWN", "DAC_OVERRIDE", "FOWNER", "KILL", "SETUID", "SETGID")
"""What root keeps: hand the working folder to the agent (CHOWN), read and reset what the agent
left whatever its modes (DAC_OVERRIDE, FOWNER), run its programs as the agent user during
grading (SETUID, SETGID; ``horizon_grading.run_program``), and stop whatever is left running
once the verifier exits, whoever owns it (KILL)."""

KEEP_ALIVE = ("sleep", "infinity")
"""The container's command: it only has to stay up for the harness's and the agent's execs."""


class BoxConfig(BaseModel, frozen=True):
    """One task's sandbox, as Inspect carries it in a sample (and writes it to the log)."""

    image: str
    pids_limit: int
    memory_mb: int
    cpus: float
    storage_mb: int
    allow_internet: bool = False


def box_config(spec: TaskSpec, image: str) -> BoxConfig:
    """The sandbox config of ``spec``'s samples, running ``image``."""
    env = spec.config.environment
    return BoxConfig(
        image=image,
        pids_limit=env.pids_limit,
        memory_mb=env.memory_mb,
        cpus=env.cpus,
        storage_mb=env.storage_mb or DEFAULT_STORAGE_MB,
        allow_internet=env.allow_internet,
    )


def container_spec(
    config: BoxConfig, labels: dict[str, str], network: str | None
) -> dict[str, Any]:
    """The engine's container-create body (``POST /containers/create``) for ``config``.

    ``network`` is the sample's own network (``allow_internet``); None means no network at all.
    """
    return {
        "Image": config.image,
        "Cmd": list(KEEP_ALIVE),
        "Labels": {**labels, STORAGE_LABEL: str(config.storage_mb)},
        "HostConfig": {
            "Init": True,
            "CapDrop": ["ALL"],
            "CapAdd": list(ROOT_CAPABILITIES),
            "SecurityOpt": ["no-new-privileges:true"],
            "PidsLimit": config.pids_limit,
            "Memory": config.memory_mb * 1024 * 1024,
            "NanoCpus": round(config.cpus * 1e9),
            "NetworkMode": network or "none",
        },
    }
