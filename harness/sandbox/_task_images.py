"""Per-task images, built once from ``environment/`` and cached by content hash.

Only ``environment/`` is the build context, so ``solution/`` and ``tests/`` can never end up in
the image. Builds run with ``--network=none``: a task must build offline.
"""

import hashlib
import subprocess

from harness._hashing import folder_hash
from harness.errors import InfraError, TaskSpecError
from harness.suite import TaskSpec

from ._images import base_images, image_exists


def task_image_tag(spec: TaskSpec) -> str:
    """``horizon-task-<id>:<hash>``; the hash covers ``environment/`` and the base images."""
    digest = hashlib.sha256(folder_hash(spec.environment_dir).encode())
    for image in base_images():
        digest.update(image.tag.encode())
    return f"horizon-task-{spec.suite}-{spec.id}:{digest.hexdigest()[:12]}"


def build_task_image(spec: TaskSpec) -> str:
    """Build the task's image unless it exists; returns its tag.

    Raises:
        TaskSpecError: The Dockerfile does not build (the task is broken, not the model).
        InfraError: The build timed out.
    """
    tag = task_image_tag(spec)
    if image_exists(tag):
        return tag
    try:
        done = subprocess.run(
            ["docker", "build", "--network=none", "-q", "-t", tag, str(spec.environment_dir)],
            capture_output=True,
            text=True,
            timeout=spec.config.environment.build_timeout_sec,
            check=False,
        )
    except subprocess.TimeoutExpired as err:
        raise InfraError(
            f"{spec.environment_dir}: docker build timed out after "
            f"{spec.config.environment.build_timeout_sec:.0f} s. Raise [environment] "
            "build_timeout_sec in task.toml or make the build lighter."
        ) from err
    if done.returncode != 0:
        raise TaskSpecError(
            f"{spec.environment_dir / 'Dockerfile'}: docker build failed:\n"
            f"{done.stderr.strip()[-2000:]}\nFix the Dockerfile (builds run offline, FROM a "
            "horizon base image: run `horizon setup` first)."
        )
    return tag
