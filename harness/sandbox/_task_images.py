"""Per-task images, built once from ``environment/`` and cached by content hash.

Only ``environment/`` is the build context, so ``solution/`` and ``tests/`` can never end up in
the image. Builds run with ``--network=none``: a task must build offline, and every ``FROM``
image is checked first (local, else pulled once), so a missing one is named with how to
provide it. A task's sandbox may need several images (:class:`TaskImages`): ``main``'s, built
from ``environment/Dockerfile`` or prebuilt (``[environment] docker_image``), and one per
compose sidecar, built from its ``build`` folder (inside ``environment/``) or prebuilt
(``image``). Prebuilt images are used when the engine has them, else pulled once; an image
map (:data:`ImageMap`) substitutes local mirrors for any of them.

``build_task_images`` is the explicit step that runs before a suite's samples do (``horizon
run``, ``horizon tasks check``): it builds the missing images in parallel, reports each one as
it finishes, and returns a result per task instead of stopping at the first broken Dockerfile.
Building while Inspect's dataset is assembled would be serial, silent, and fail as a whole.
"""

import hashlib
import os
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from harness._hashing import folder_hash
from harness.errors import HorizonError, InfraError, SetupError, TaskSpecError
from harness.suite import MAIN_IMAGE, TaskSpec, find_compose_file

from ._dockerfile import ImageMap, base_images, map_base_images, mapped_image
from ._images import base_images as horizon_base_images
from ._images import ensure_image, image_exists
from ._leftovers import MANAGED_LABEL
from ._separate import separate_verifier

DEFAULT_MAX_PARALLEL_BUILDS = max(2, os.cpu_count() or 1)
"""Builds at once. A task build is mostly the daemon copying a small context and running a few
offline ``RUN`` steps, so one per core (at least two, to overlap I/O) keeps the machine busy
without starving the daemon."""

BUILD_ERROR_TAIL_CHARS = 2000
"""How much of ``docker build``'s own stderr a build error keeps (its end says what broke)."""


@dataclass(frozen=True)
class ImageSource:
    """One image a task's sandbox runs: built here from a folder, or prebuilt."""

    tag: str
    """What the container is created from."""
    where: str
    """What asks for it (file and key), for error messages."""
    context: Path | None = None
    """The build folder; None for a prebuilt image (used when local, else pulled)."""
    dockerfile: str = "Dockerfile"
    build_args: Mapping[str, str] = field(default_factory=dict)
    written_as: str | None = None
    """The prebuilt reference the task wrote, when an image map replaced it."""

    @property
    def built(self) -> bool:
        """Built here (else prebuilt)."""
        return self.context is not None


@dataclass(frozen=True)
class TaskImages:
    """Every image one task's sandbox needs: ``main``'s and each sidecar's (by service)."""

    main: ImageSource
    sidecars: Mapping[str, ImageSource]
    verifier: ImageSource | None = None
    """A separate verifier's image (``_separate``; it may be ``main``); None in shared mode."""

    @property
    def all(self) -> list[ImageSource]:
        """Each distinct image once (a sidecar or the verifier may run main's image)."""
        sources = [self.main, *self.sidecars.values(), *([self.verifier] if self.verifier else [])]
        return list({source.tag: source for source in sources}.values())


def _build_hash(
    context: Path, dockerfile: str, args: Mapping[str, str], image_map: ImageMap
) -> str:
    """Covers the build folder, the horizon base images, and what changes what is built."""
    digest = hashlib.sha256(folder_hash(context).encode())
    for image in horizon_base_images():
        digest.update(image.tag.encode())
    if dockerfile != "Dockerfile" or args:
        digest.update(repr((dockerfile, sorted(args.items()))).encode())
    text = (
        (context / dockerfile).read_text(errors="replace")
        if (context / dockerfile).is_file()
        else ""
    )
    mapped = sorted((image, image_map[image]) for image in base_images(text) if image in image_map)
    if mapped:  # unchanged without a map: images built before image maps existed stay valid
        digest.update(repr(mapped).encode())
    return digest.hexdigest()[:12]


def _prebuilt(image: str, where: str, image_map: ImageMap) -> ImageSource:
    used = mapped_image(image, image_map)
    return ImageSource(used, where, written_as=image if used != image else None)


def task_images(spec: TaskSpec, image_map: ImageMap | None = None) -> TaskImages:
    """The images ``spec``'s sandbox runs (computing them builds nothing).

    Built images are tagged ``horizon-task-<suite>-<id>[-<service>]:<hash>``; the hash covers
    the build folder, the base images and the image map's entries for its ``FROM`` lines.
    """
    image_map = image_map or {}
    name = f"horizon-task-{spec.suite}-{spec.id}".lower()
    toml = spec.path / "task.toml"
    env = spec.environment_dir
    if (env / "Dockerfile").is_file() or not spec.config.environment.docker_image:
        main = ImageSource(
            f"{name}:{_build_hash(env, 'Dockerfile', {}, image_map)}", f"{env / 'Dockerfile'}", env
        )
    else:
        main = _prebuilt(
            spec.config.environment.docker_image, f"{toml}: [environment].docker_image", image_map
        )
    sidecars = {}
    compose_file = find_compose_file(env)
    for service, config in (spec.compose.sidecars if spec.compose else {}).items():
        where = f"{compose_file}: services.{service}"
        if config.build is not None:
            context = (env / config.build.context).resolve()
            digest = _build_hash(context, config.build.dockerfile, config.build.args, image_map)
            sidecars[service] = ImageSource(
                f"{name}-{service.lower()}:{digest}",
                f"{where}.build",
                context,
                config.build.dockerfile,
                config.build.args,
            )
        elif config.image == MAIN_IMAGE:
            sidecars[service] = main
        else:
            assert config.image is not None  # harness.suite refuses a sidecar with neither
            sidecars[service] = _prebuilt(config.image, f"{where}.image", image_map)
    return TaskImages(main, sidecars, _verifier_image(spec, name, main, image_map))


def _verifier_image(
    spec: TaskSpec, name: str, main: ImageSource, image_map: ImageMap
) -> ImageSource | None:
    """A separate verifier's image, in Harbor's order (``_separate``'s docstring).

    ``[verifier.environment] docker_image``, else ``tests/Dockerfile`` (built from ``tests/``,
    which never reaches the agent's image), else ``main`` (a fresh container of it).
    """
    if not separate_verifier(spec):
        return None
    own = spec.config.verifier.environment
    if own is not None and own.docker_image:
        where = f"{spec.path / 'task.toml'}: [verifier.environment].docker_image"
        return _prebuilt(own.docker_image, where, image_map)
    tests = spec.tests_dir
    if (tests / "Dockerfile").is_file():
        digest = _build_hash(tests, "Dockerfile", {}, image_map)
        return ImageSource(f"{name}-verifier:{digest}", f"{tests / 'Dockerfile'}", tests)
    return main


def task_image_tag(spec: TaskSpec, image_map: ImageMap | None = None) -> str:
    """The tag of ``spec``'s main image (see :func:`task_images`); builds nothing."""
    return task_images(spec, image_map).main.tag


def _ensure_base_images(source: ImageSource, image_map: ImageMap) -> str | None:
    """Check (or pull) the Dockerfile's ``FROM`` images; the mapped Dockerfile, if it changed.

    Raises:
        SetupError: A base image is missing and cannot be pulled.
    """
    assert source.context is not None
    path = source.context / source.dockerfile
    text = path.read_text(errors="replace") if path.is_file() else ""
    for image in base_images(text):
        used = mapped_image(image, image_map)
        ensure_image(used, f"{path}: FROM {image}", mapped_from=image if used != image else None)
    mapped = map_base_images(text, image_map)
    return mapped if mapped != text else None


def _docker_build(source: ImageSource, timeout: float, image_map: ImageMap) -> None:
    """Run ``docker build`` for one image; raise a ``HorizonError`` that keeps docker's stderr."""
    assert source.context is not None
    mapped = _ensure_base_images(source, image_map)
    with tempfile.TemporaryDirectory(prefix="horizon-build-") as tmp:
        dockerfile = source.context / source.dockerfile
        if mapped is not None:  # the image map's FROM lines, in a copy: the task's file stays
            dockerfile = Path(tmp) / "Dockerfile"
            dockerfile.write_text(mapped)
        args = [
            arg
            for key, value in source.build_args.items()
            for arg in ("--build-arg", f"{key}={value}")
        ]
        try:
            done = subprocess.run(
                # --force-rm: a failed step leaves no stopped container behind.
                ["docker", "build", "--force-rm", "--network=none", "-q",
                 "--label", f"{MANAGED_LABEL}=true", *args, "-f", str(dockerfile),
                 "-t", source.tag, str(source.context)],
                capture_output=True,
                text=True,
                timeout=timeout,
                check=False,
            )  # fmt: skip
        except subprocess.TimeoutExpired as err:
            raise InfraError(
                f"{source.where}: docker build timed out after {timeout:.0f} s. Raise "
                "[environment] build_timeout_sec in task.toml or make the build lighter."
            ) from err
        except OSError as err:
            raise SetupError(f"cannot run docker ({err}). Run `horizon setup`.") from err
    if done.returncode != 0:
        raise TaskSpecError(
            f"{source.where}: docker build failed:\n"
            f"{done.stderr.strip()[-BUILD_ERROR_TAIL_CHARS:]}\nFix the Dockerfile (builds run "
            "offline, FROM a horizon base image: run `horizon setup` first)."
        )


def _provide(spec: TaskSpec, images: TaskImages, image_map: ImageMap, present: set[str]) -> bool:
    """Build or fetch what is missing of ``images``; True when something was built or pulled.

    Raises:
        HorizonError: An image cannot be built or provided.
    """
    did = False
    for source in images.all:
        if source.tag in present or image_exists(source.tag):
            continue
        if source.built:
            _docker_build(source, spec.config.environment.build_timeout_sec, image_map)
        else:
            ensure_image(source.tag, source.where, mapped_from=source.written_as)
        did = True
    return did


def build_task_image(spec: TaskSpec, image_map: ImageMap | None = None) -> str:
    """Build (or fetch) the task's images unless they exist; returns main's tag.

    Raises:
        TaskSpecError: A Dockerfile does not build (the task is broken, not the model).
        InfraError: The build timed out.
        SetupError: ``docker`` cannot be run, or a prebuilt image is neither local nor
            pullable.
    """
    images = task_images(spec, image_map)
    _provide(spec, images, image_map or {}, set())
    return images.main.tag


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


def _timed_build(
    spec: TaskSpec, images: TaskImages, image_map: ImageMap, present: set[str]
) -> TaskImageBuild:
    started = time.monotonic()
    tag = images.main.tag
    try:
        built = _provide(spec, images, image_map, present)
    except HorizonError as err:
        return TaskImageBuild(spec.id, tag, False, time.monotonic() - started, err)
    return TaskImageBuild(spec.id, tag, built, time.monotonic() - started)


def build_task_images(
    specs: Iterable[TaskSpec],
    *,
    max_parallel: int = DEFAULT_MAX_PARALLEL_BUILDS,
    progress: BuildProgress | None = None,
    image_map: ImageMap | None = None,
) -> list[TaskImageBuild]:
    """Build (or fetch) every missing task image, in parallel; one result per task, in order.

    A task whose Dockerfile does not build gets a result with ``error`` set; the other tasks'
    images are still built. Cached images are reported first (they cost one ``docker images``
    call for all of them), then builds as they finish.

    Args:
        specs: The tasks whose images a run needs.
        max_parallel: ``docker build`` processes at once (>= 1).
        progress: Called as ``progress(done, total, result)`` after each task.
        image_map: Images to use instead of those the tasks name (:func:`task_images`).

    Returns:
        A :class:`TaskImageBuild` per task, in the order of ``specs``.

    Raises:
        ValueError: ``max_parallel`` < 1.
        SetupError: The engine cannot list its images (Docker missing or not running).
    """
    if max_parallel < 1:
        raise ValueError(f"max_parallel must be >= 1 (got {max_parallel})")
    tasks: Sequence[TaskSpec] = list(specs)
    image_map = image_map or {}
    plans = [task_images(spec, image_map) for spec in tasks]
    present = _local_tags() if tasks else set()
    results: dict[int, TaskImageBuild] = {}

    def report(index: int, result: TaskImageBuild) -> None:
        results[index] = result
        if progress is not None:
            progress(len(results), len(tasks), result)

    missing = []
    for index, (spec, images) in enumerate(zip(tasks, plans, strict=True)):
        if all(source.tag in present for source in images.all):
            report(index, TaskImageBuild(spec.id, images.main.tag, built=False, seconds=0.0))
        else:
            missing.append(index)
    if missing:
        with ThreadPoolExecutor(
            max_workers=max_parallel, thread_name_prefix="docker-build"
        ) as pool:
            futures = {
                pool.submit(_timed_build, tasks[i], plans[i], image_map, present): i
                for i in missing
            }
            for future in as_completed(futures):
                report(futures[future], future.result())
    return [results[i] for i in range(len(tasks))]
