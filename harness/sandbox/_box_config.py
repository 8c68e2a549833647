"""What a task's sandbox is: a typed config from ``task.toml``, and the containers it makes.

No network unless the task sets ``allow_internet`` (then a network of the sample's own); no
privilege escalation; process, memory and CPU limits from ``task.toml``; an init process to
reap zombies; local images only (the engine's create call never pulls); horizon's labels on
every container and network (``_leftovers``), with the disk limit the watchdog enforces
(``_disk``). The task's ``[environment] env`` (and compose ``main``'s ``environment``) are the
container's environment; ``workdir`` its working folder.

Capabilities: all are dropped but the few that root needs to run the harness's and the
verifier's side (:data:`ROOT_CAPABILITIES`). The agent works as an unprivileged user, so it
holds none of them, and ``no-new-privileges`` stops it from gaining any through a setuid
binary.

Sidecars (a task's compose services other than ``main``) run their image's own program, so
they keep what common servers need to start as root and drop privileges
(:data:`SIDECAR_CAPABILITIES`, Docker's default set without raw sockets, device nodes,
chroot, audit writes or file capabilities); everything else is as for ``main``: no new
privileges, the task's limits, an init process, labels. They sit on an internal network of
the sample's own, with ``main``, which has no route out: a sidecar reaches nothing but the
sample's other containers, each by its service name.
"""

from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel

from harness.suite import (
    MAIN_SERVICE,
    ComposeService,
    EnvironmentSection,
    Healthcheck,
    TaskSpec,
    resolve_env,
)

from ._disk import DEFAULT_STORAGE_MB, STORAGE_LABEL
from ._separate import separate_verifier, verifier_environment
from ._task_images import task_images

ROOT_CAPABILITIES = ("CHOWN", "DAC_OVERRIDE", "FOWNER", "KILL", "SETUID", "SETGID")
"""What root keeps: hand the working folder to the agent (CHOWN), read and reset what the agent
left whatever its modes (DAC_OVERRIDE, FOWNER), run its programs as the agent user during
grading (SETUID, SETGID; ``horizon_grading.run_program``), and stop whatever is left running
once the verifier exits, whoever owns it (KILL)."""

SIDECAR_CAPABILITIES = (*ROOT_CAPABILITIES, "FSETID", "NET_BIND_SERVICE")
"""What a sidecar keeps: root's set, plus keeping setgid bits on files it writes (FSETID) and
serving on ports below 1024 (NET_BIND_SERVICE), which servers like nginx need."""

KEEP_ALIVE = ("sleep", "infinity")
"""The container's command: it only has to stay up for the harness's and the agent's execs."""


class SidecarConfig(BaseModel, frozen=True):
    """One compose service beside ``main``: its image (resolved) and what the file sets."""

    name: str
    """The service's name: how the sample's other containers reach it."""
    image: str
    service: ComposeService


class BoxConfig(BaseModel, frozen=True):
    """One task's sandbox, as Inspect carries it in a sample (and writes it to the log)."""

    image: str
    pids_limit: int
    memory_mb: int
    cpus: float
    storage_mb: int
    allow_internet: bool = False
    env: dict[str, str] = {}
    """The container's environment (every exec inherits it)."""
    workdir: str | None = None
    """The working folder, instead of the image's ``WORKDIR``."""
    healthcheck: Healthcheck | None = None
    """Run in ``main`` after it starts; the sample starts once it passes."""
    sidecars: tuple[SidecarConfig, ...] = ()
    """In start order (each after those it depends on)."""
    verifier: "BoxConfig | None" = None
    """A separate verifier's container (``_separate``), started by the scorer after the
    agent's turn; None when the verifier grades in this sandbox."""

    def __hash__(self) -> int:
        """By content (Inspect puts sandbox configs in a set; the dict fields are not hashable)."""
        return hash(self.model_dump_json())


def _resources(env: EnvironmentSection) -> dict[str, Any]:
    """A container's limits and network, as an ``[environment]`` table sets them."""
    return {
        "pids_limit": env.pids_limit,
        "memory_mb": env.memory_mb,
        "cpus": env.cpus,
        "storage_mb": env.storage_mb or DEFAULT_STORAGE_MB,
        "allow_internet": env.allow_internet,
    }


def box_config(
    spec: TaskSpec,
    image: str,
    sidecar_images: Mapping[str, str] | None = None,
    verifier_image: str | None = None,
) -> BoxConfig:
    """The sandbox config of ``spec``'s samples, running ``image`` (and each sidecar's).

    ``verifier_image``: a separate verifier's image (required when the task has one).
    """
    env = spec.config.environment
    sidecars = spec.compose.sidecars if spec.compose is not None else {}
    images = sidecar_images or {}
    missing = sorted(set(sidecars) - set(images))
    if missing:
        raise ValueError(f"no image for sidecar(s) {', '.join(missing)} of task {spec.id}")
    return BoxConfig(
        image=image,
        **_resources(env),
        env=spec.sandbox_env,
        workdir=spec.workdir,
        healthcheck=spec.healthcheck,
        sidecars=tuple(
            SidecarConfig(name=name, image=images[name], service=service)
            for name, service in sidecars.items()
        ),
        verifier=_verifier_config(spec, verifier_image),
    )


def _verifier_config(spec: TaskSpec, image: str | None) -> BoxConfig | None:
    """A separate verifier's container: hardened as ``main``, with the verifier's resources.

    Its environment is the task's sandbox environment (Harbor gives the verifier a copy of the
    task's environment, or ``[verifier.environment]``'s own ``env``); no sidecars, no
    health check, the image's working folder.
    """
    if not separate_verifier(spec):
        return None
    if image is None:
        raise ValueError(f"no image for the separate verifier of task {spec.id}")
    env = verifier_environment(spec)
    own = spec.config.verifier.environment
    return BoxConfig(
        image=image,
        **_resources(env),
        env=resolve_env(own.env) if own is not None else spec.sandbox_env,
    )


def _limits(config: BoxConfig, capabilities: tuple[str, ...]) -> dict[str, Any]:
    """The host config every container of the sandbox shares (all but its network)."""
    return {
        "Init": True,
        "CapDrop": ["ALL"],
        "CapAdd": list(capabilities),
        "SecurityOpt": ["no-new-privileges:true"],
        "PidsLimit": config.pids_limit,
        "Memory": config.memory_mb * 1024 * 1024,
        "NanoCpus": round(config.cpus * 1e9),
    }


def _env(env: Mapping[str, str]) -> list[str]:
    return [f"{key}={value}" for key, value in env.items()]


def _endpoint(network: str | None, alias: str) -> dict[str, Any]:
    if network is None:
        return {}
    return {"NetworkingConfig": {"EndpointsConfig": {network: {"Aliases": [alias]}}}}


def container_spec(
    config: BoxConfig, labels: dict[str, str], network: str | None
) -> dict[str, Any]:
    """The engine's container-create body (``POST /containers/create``) for ``main``.

    ``network`` is the first network it joins: the sidecars' internal one (where it is
    ``main``) or the sample's own network (``allow_internet``); None means no network at all.
    """
    body: dict[str, Any] = {
        "Image": config.image,
        "Cmd": list(KEEP_ALIVE),
        "Env": _env(config.env),
        "Labels": {**labels, STORAGE_LABEL: str(config.storage_mb)},
        "HostConfig": {
            **_limits(config, ROOT_CAPABILITIES),
            "NetworkMode": network or "none",
        },
        **_endpoint(network, MAIN_SERVICE),
    }
    if config.workdir:
        body["WorkingDir"] = config.workdir
    return body


def _nanoseconds(seconds: float) -> int:
    return round(seconds * 1e9)


def sidecar_spec(
    config: BoxConfig, sidecar: SidecarConfig, labels: dict[str, str], network: str
) -> dict[str, Any]:
    """The engine's container-create body for ``sidecar``, on the internal ``network``.

    The image's own entrypoint and command run unless the service sets them; its
    ``healthcheck`` (else the image's ``HEALTHCHECK``) is the engine's to run.
    """
    service = sidecar.service
    body: dict[str, Any] = {
        "Image": sidecar.image,
        "Env": _env(service.environment),
        "Labels": {**labels, STORAGE_LABEL: str(config.storage_mb)},
        "HostConfig": {**_limits(config, SIDECAR_CAPABILITIES), "NetworkMode": network},
        **_endpoint(network, sidecar.name),
    }
    optional = {
        "Cmd": list(service.command) if service.command is not None else None,
        "Entrypoint": list(service.entrypoint) if service.entrypoint is not None else None,
        "WorkingDir": service.working_dir,
        "User": service.user,
    }
    body.update({key: value for key, value in optional.items() if value is not None})
    check = service.healthcheck
    if check is not None:
        body["Healthcheck"] = {
            "Test": list(check.test),
            "Interval": _nanoseconds(check.interval_sec),
            "Timeout": _nanoseconds(check.timeout_sec),
            "StartPeriod": _nanoseconds(check.start_period_sec),
            "StartInterval": _nanoseconds(check.start_interval_sec),
            "Retries": check.retries,
        }
    return body


def sandbox_config(spec: TaskSpec, image_map: Mapping[str, str] | None = None) -> BoxConfig:
    """The sandbox config of ``spec``'s samples, with the images :func:`task_images` names."""
    images = task_images(spec, image_map)
    return box_config(
        spec,
        images.main.tag,
        {n: s.tag for n, s in images.sidecars.items()},
        images.verifier.tag if images.verifier is not None else None,
    )
