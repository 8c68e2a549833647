"""Per-task images, built once from ``environment/`` and cached by content hash.

Only ``environment/`` is the build context, so ``solution/`` and ``tests/`` can never end up in
the image. Builds run with ``--network=none``: a task must build offline.

``build_task_images`` is the explicit step that runs before a suite's samples do (``horizon
run``, ``horizon tasks check``): it builds the missing images in parallel, reports each one as
it finishes, and returns a result per task instead of stopping at the first broken Dockerfile.
Building while Inspect's dataset is assembled would be serial, silent, and fail as a whole.
"""

import hashlib
import os
import subprocess
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass

from harness._hashing import folder_hash
from harness.errors import HorizonError, InfraError, SetupError, TaskSpecError
from harness.suite import TaskSpec

from ._images import base_images, image_exists

DEFAULT_MAX_PARALLEL_BUILDS = max(2, os.cpu_count() or 1)
"""Builds at once. A task build is mostly the daemon copying a small context and running a few
offline ``RUN`` steps, so one per core (at least two, to overlap I/O) keeps the machine busy
without starving the daemon."""

BUILD_ERROR_TAIL_CHARS = 2000
"""How much of ``docker build``'s own stderr a build error keeps (its end says what broke)."""


def task_image_tag(spec: TaskSpec) -> str:
    """``horizon-task-<suite>-<id>:<hash>``; the hash covers ``environment/`` and the base images.

    Computing the tag builds nothing: it is what a sample's sandbox config names.
    """
    digest = hashlib.sha256(folder_hash(spec.environment_dir).encode())
    for image in base_images():
        digest.update(image.tag.encode())
    return f"horizon-task-{spec.suite}-{spec.id}:{digest.hexdigest()[:12]}"


def _docker_build(spec: TaskSpec, tag: str) -> None:
    """Run ``docker build`` for one task; raise a ``HorizonError`` that keeps docker's stderr."""
    timeout = spec.config.environment.build_timeout_sec
    try:
        done = subprocess.run(
            # --force-rm: a failed step leaves no stopped container behind.
            [
                "docker",
                "build",
                "--force-rm",
                "--network=none",
                "-q",
                "-t",
                tag,
                str(spec.environment_dir),
            ],  # fmt: skip
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired as err:
        raise InfraError(
            f"{spec.environment_dir}: docker build timed out after {timeout:.0f} s. Raise "
            "[environment] build_timeout_sec in task.toml or make the build lighter."
        ) from err
    except OSError as err:
        raise SetupError(f"cannot run docker ({err}). Run `horizon setup`.") from err
    if done.returncode != 0:
        raise TaskSpecError(
            f"{spec.environment_dir / 'Dockerfile'}: docker build failed:\n"
            f"{done.stderr.strip()[-BUILD_ERROR_TAIL_CHARS:]}\nFix the Dockerfile (builds run "
            "offline, FROM a horizon base image: run `horizon setup` first)."
        )


def build_task_image(spec: TaskSpec) -> str:
    """Build the task's image unless it exists; returns its tag.

    Raises:
        TaskSpecError: The Dockerfile does not build (the task is broken, not the model).
        InfraError: The build timed out.
        SetupError: ``docker`` cannot be run.
    """
    tag = task_image_tag(spec)
    if not image_exists(tag):
        _docker_build(spec, tag)
    return tag


@dataclass(frozen=True)
class TaskImageBuild:
    """The image of one task after :func:`build_task_images`: its tag, or why it has none."""

    task_id: str
    tag: str
    """The content-hash tag (set even when the build failed: it is the tag that was tried)."""
    built: bool
    """True when this call built the image; False when it was cached or the build failed."""
    seconds: float
    """Wall time spent on this task's build (0 for a cached image)."""
    error: HorizonError | None = None
    """Why the build failed (its message keeps docker's stderr); None on success."""

    @property
    def ok(self) -> bool:
        """The image exists now."""
        return self.error is None


BuildProgress = Callable[[int, int, TaskImageBuild], None]
"""``progress(done, total, result)``: called once per task as its image is ready or fails."""


def _local_tags() -> set[str]:
    """Every ``repository:tag`` the local engine has, in one ``docker images`` call."""
    try:
        done = subprocess.run(
            ["docker", "images", "--format", "{{.Repository}}:{{.Tag}}"],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as err:
        raise SetupError(f"cannot list docker images ({err}). Run `horizon setup`.") from err
    if done.returncode != 0:
        raise SetupError(
            f"`docker images` failed:\n{done.stderr.strip()[-BUILD_ERROR_TAIL_CHARS:]}\n"
            "Run `horizon setup`."
        )
    return set(done.stdout.split())


def _timed_build(spec: TaskSpec, tag: str) -> TaskImageBuild:
    started = time.monotonic()
    try:
        _docker_build(spec, tag)
    except HorizonError as err:
        return TaskImageBuild(spec.id, tag, False, time.monotonic() - started, err)
    return TaskImageBuild(spec.id, tag, True, time.monotonic() - started)


def build_task_images(
    specs: Iterable[TaskSpec],
    *,
    max_parallel: int = DEFAULT_MAX_PARALLEL_BUILDS,
    progress: BuildProgress | None = None,
) -> list[TaskImageBuild]:
    """Build every missing task image, in parallel; one result per task, in ``specs`` order.

    A task whose Dockerfile does not build gets a result with ``error`` set; the other tasks'
    images are still built. Cached images are reported first (they cost one ``docker images``
    call for all of them), then builds as they finish.

    Args:
        specs: The tasks whose images a run needs.
        max_parallel: ``docker build`` processes at once (>= 1).
        progress: Called as ``progress(done, total, result)`` after each task.

    Returns:
        A :class:`TaskImageBuild` per task, in the order of ``specs``.

    Raises:
        ValueError: ``max_parallel`` < 1.
        SetupError: The engine cannot list its images (Docker missing or not running).
    """
    if max_parallel < 1:
        raise ValueError(f"max_parallel must be >= 1 (got {max_parallel})")
    tasks: Sequence[TaskSpec] = list(specs)
    tags = [task_image_tag(spec) for spec in tasks]
    present = _local_tags() if tasks else set()
    results: dict[int, TaskImageBuild] = {}

    def report(index: int, result: TaskImageBuild) -> None:
        results[index] = result
        if progress is not None:
            progress(len(results), len(tasks), result)

    missing = []
    for index, (spec, tag) in enumerate(zip(tasks, tags, strict=True)):
        if tag in present:
            report(index, TaskImageBuild(spec.id, tag, built=False, seconds=0.0))
        else:
            missing.append(index)
    if missing:
        with ThreadPoolExecutor(
            max_workers=max_parallel, thread_name_prefix="docker-build"
        ) as pool:
            futures = {pool.submit(_timed_build, tasks[i], tags[i]): i for i in missing}
            for future in as_completed(futures):
                report(futures[future], future.result())
    return [results[i] for i in range(len(tasks))]
