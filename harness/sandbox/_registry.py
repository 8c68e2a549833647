"""Images in a registry: what ``horizon images push`` sends, and what a k8s run checks is there.

A cluster pulls its sandboxes' images from a registry. Every horizon image is tagged by a
content hash (base images: ``horizon-<name>:<hash of sandboxes/<name>/>``; task images:
``horizon-task-<suite>-<id>:<hash>``, :func:`task_image_tag`), so the same tag under a registry
(``R/horizon-task-...:<hash>``) names the same bytes on every machine, and a k8s run can tell
from the tag alone whether the image it needs was pushed.

Both the push and the check go through the local Docker engine, which holds the images and the
registry credentials (``docker login``) and knows which registries are plain HTTP
(``insecure-registries``).
"""

import subprocess
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Literal

from harness.errors import SetupError
from harness.suite import TaskSpec

from ._images import base_images
from ._k8s import registry_image
from ._task_images import task_image_tag

PUSH_TIMEOUT_SEC = 3600
"""One image's push: a task image is the base image's layers plus a few small ones, so only
the first push of a base image to a registry moves much data."""
MAX_PARALLEL_CHECKS = 16
"""Registry look-ups at once (each is one small request through the engine)."""
ERROR_TAIL_CHARS = 2000


@dataclass(frozen=True)
class ImagePush:
    """One image to push: its local tag, and the same tag under the registry."""

    kind: Literal["base", "task"]
    source: str
    """The local ``repository:hash`` tag."""
    target: str
    """``registry/repository:hash``: what the cluster pulls."""
    task_id: str | None = None
    """The task it belongs to (None for a base image)."""


def push_plan(specs: Iterable[TaskSpec], registry: str) -> list[ImagePush]:
    """The images a k8s run of ``specs`` needs in ``registry``: base images, then task images.

    Task images carry their base image's layers, so a cluster needs only those; the base images
    go too, so that a machine that pulls them builds task images with the same tags.
    """
    plan = [
        ImagePush("base", image.tag, registry_image(registry, image.tag)) for image in base_images()
    ]
    for spec in specs:
        tag = task_image_tag(spec)
        plan.append(ImagePush("task", tag, registry_image(registry, tag), spec.id))
    return plan


def _docker(*args: str, timeout: float) -> str | None:
    """Run ``docker ARGS``; None on success, else its error output."""
    try:
        done = subprocess.run(
            ["docker", *args], capture_output=True, text=True, timeout=timeout, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as err:
        return str(err)
    if done.returncode == 0:
        return None
    return (done.stderr or done.stdout).strip()[-ERROR_TAIL_CHARS:]


def push_image(push: ImagePush) -> None:
    """Tag ``push.source`` as ``push.target`` and push it.

    Raises:
        SetupError: The image is not on this machine, or the push failed (docker's message).
    """
    error = _docker("tag", push.source, push.target, timeout=60)
    if error is not None:
        raise SetupError(
            f"{push.source}: cannot tag it as {push.target} ({error}). Build it first: "
            "`horizon setup` (base images), `horizon tasks check` or `horizon run` (task images)."
        )
    error = _docker("push", "-q", push.target, timeout=PUSH_TIMEOUT_SEC)
    if error is not None:
        raise SetupError(
            f"{push.target}: docker push failed:\n{error}\nLog in to the registry "
            "(`docker login REGISTRY`) or, for a plain-HTTP registry, list it under the engine's "
            "insecure-registries."
        )


RegistryLookup = Callable[[str], str | None]
"""``lookup(ref)``: None when the registry has ``ref``, else why it cannot be used."""


def engine_lookup(ref: str) -> str | None:
    """Ask the registry, through the local engine, whether it has ``ref`` (no layer is pulled).

    Raises:
        SetupError: The Docker engine does not answer.
    """
    import docker.errors

    from ._docker_api import api

    try:
        api().inspect_distribution(ref)
    except docker.errors.NotFound:
        return "not in the registry"
    except docker.errors.APIError as err:
        return f"the registry did not confirm it ({err.explanation or err})"
    except docker.errors.DockerException as err:
        raise SetupError(
            f"cannot ask the registry for {ref}: the Docker engine does not answer ({err}). "
            "A k8s run checks its images through the engine that pushed them; run `horizon "
            "setup`."
        ) from err
    return None


def missing_images(refs: Sequence[str], lookup: RegistryLookup = engine_lookup) -> dict[str, str]:
    """The images of ``refs`` the registry cannot serve, each with why (empty: all there)."""
    unique = list(dict.fromkeys(refs))
    with ThreadPoolExecutor(max_workers=MAX_PARALLEL_CHECKS) as pool:
        answers = list(pool.map(lookup, unique))
    return {ref: why for ref, why in zip(unique, answers, strict=True) if why is not None}
