"""Base images from ``sandboxes/<name>/image.toml``, tagged by a hash of their definition.

Two ways to build, chosen automatically:

* a registry answers: ``docker build`` of ``sandboxes/<name>/Dockerfile`` (``FROM`` the
  registry's Debian image);
* no registry (air-gapped labs, CI here): ``debootstrap`` the same suite and packages from the
  machine's own Debian mirror and ``docker import`` the root filesystem.

An image is never rebuilt while its tag (``horizon-<name>:<hash>``) exists; each build also tags
``horizon-<name>:latest``, which task Dockerfiles name in ``FROM``.
"""

import shutil
import subprocess
import tempfile
import tomllib
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from harness._hashing import folder_hash
from harness._paths import SANDBOXES_DIR
from harness.errors import SetupError

from ._apt import debian_mirror, ensure_host_tool

BUILD_TIMEOUT_SEC = 1800
PULL_TIMEOUT_SEC = 600
"""Longest a pull of a task's prebuilt image may take (a large image on a slow link)."""


@dataclass(frozen=True)
class BaseImage:
    """One base image definition: ``sandboxes/<name>/``."""

    name: str
    folder: Path
    suite: str
    registry_base: str
    packages: tuple[str, ...]
    agent_user: str
    """The unprivileged user agents run as (created in the image)."""
    agent_uid: int

    @property
    def repository(self) -> str:
        """Image repository name, e.g. ``horizon-python``."""
        return f"horizon-{self.name}"

    @cached_property
    def tag(self) -> str:
        """Immutable tag: changes whenever the definition does."""
        return f"{self.repository}:{folder_hash(self.folder)}"

    @property
    def latest(self) -> str:
        """The moving tag task Dockerfiles build ``FROM``."""
        return f"{self.repository}:latest"


def load_base_image(folder: Path) -> BaseImage:
    """Read ``folder/image.toml``.

    Raises:
        SetupError: The file is missing or lacks a field.
    """
    path = folder / "image.toml"
    try:
        spec = tomllib.loads(path.read_text())
        return BaseImage(
            name=folder.name,
            folder=folder,
            suite=spec["suite"],
            registry_base=spec["registry_base"],
            packages=tuple(spec["packages"]),
            agent_user=spec["agent_user"],
            agent_uid=int(spec["agent_uid"]),
        )
    except (OSError, tomllib.TOMLDecodeError, KeyError, ValueError) as err:
        raise SetupError(
            f"{path}: cannot read the base image definition ({err!r}). It needs `suite`, "
            "`registry_base`, `packages`, `agent_user` and `agent_uid`; see sandboxes/README.md."
        ) from err


def base_images(root: Path = SANDBOXES_DIR) -> list[BaseImage]:
    """Every base image defined under ``sandboxes/``."""
    return [load_base_image(p.parent) for p in sorted(root.glob("*/image.toml"))]


def image_exists(tag: str) -> bool:
    """True when the local engine has ``tag``."""
    done = subprocess.run(["docker", "image", "inspect", tag], capture_output=True, check=False)
    return done.returncode == 0


def ensure_image(image: str, where: str, *, mapped_from: str | None = None) -> None:
    """Make sure the engine has ``image``: the local one if present, else pulled once.

    Args:
        image: The image reference to run or build from.
        where: What asks for it (a file and key), for the error message.
        mapped_from: The reference the task wrote, when an image map replaced it.

    Raises:
        SetupError: Neither local nor pullable; the message says which image and how to
            provide it (``docker load``, or an image map to a local image).
    """
    if image_exists(image):
        return
    try:
        done = subprocess.run(
            ["docker", "pull", "-q", image],
            capture_output=True,
            text=True,
            timeout=PULL_TIMEOUT_SEC,
            check=False,
        )
        reason = done.stderr.strip().splitlines()[-1] if done.returncode else ""
    except subprocess.TimeoutExpired:
        reason = f"the pull did not finish within {PULL_TIMEOUT_SEC} s"
    if not reason:
        return
    wanted = f"{mapped_from!r} (mapped to {image!r})" if mapped_from else repr(image)
    original = mapped_from or image
    raise SetupError(
        f"{where}: image {wanted} is not on this machine and could not be pulled ({reason}). "
        f"Provide it: `docker load -i FILE.tar` (made with `docker save {image}` where it "
        f"exists), or use a local image instead: `--image-map {original}=LOCAL` (or "
        f'`[image_map] "{original}" = "LOCAL"` in suite.toml).'
    )


def _run(cmd: list[str] | str, what: str, *, shell: bool = False) -> None:
    try:
        done = subprocess.run(
            cmd, capture_output=True, text=True, timeout=BUILD_TIMEOUT_SEC, check=False, shell=shell
        )
    except subprocess.TimeoutExpired as err:
        raise SetupError(
            f"{what} did not finish within {BUILD_TIMEOUT_SEC} s. Check the machine's load and "
            "its Debian mirror, then rerun `horizon setup`."
        ) from err
    if done.returncode != 0:
        raise SetupError(f"{what} failed:\n{(done.stderr or done.stdout).strip()[-3000:]}")


def registry_answers(image: str) -> bool:
    """True when ``image`` is local or can be pulled (a registry answers)."""
    if image_exists(image):
        return True
    done = subprocess.run(
        ["docker", "pull", "-q", image], capture_output=True, timeout=300, check=False
    )
    return done.returncode == 0


def _build_from_registry(image: BaseImage) -> None:
    _run(
        [
            "docker",
            "build",
            "--force-rm",  # a failed step leaves no stopped container behind
            "-t",
            image.tag,
            "-t",
            image.latest,
            "--build-arg",
            f"REGISTRY_BASE={image.registry_base}",
            "--build-arg",
            f"PACKAGES={' '.join(image.packages)}",
            "--build-arg",
            f"AGENT_USER={image.agent_user}",
            "--build-arg",
            f"AGENT_UID={image.agent_uid}",
            str(image.folder),
        ],
        f"docker build of {image.folder}",
    )


def _build_with_debootstrap(image: BaseImage) -> None:
    debootstrap = ensure_host_tool("debootstrap", "debootstrap")
    mirror = debian_mirror()
    with tempfile.TemporaryDirectory(prefix=f"horizon-{image.name}-") as tmp:
        rootfs = Path(tmp) / "rootfs"
        _run(
            [
                debootstrap,
                "--variant=minbase",
                f"--include={','.join(image.packages)}",
                image.suite,
                str(rootfs),
                mirror,
            ],
            f"debootstrap of {image.suite} from {mirror}",
        )
        _run(
            [
                "chroot",
                str(rootfs),
                "useradd",
                "--create-home",
                "--uid",
                str(image.agent_uid),
                "--shell",
                "/bin/bash",
                image.agent_user,
            ],
            f"useradd {image.agent_user} in the {image.name} root filesystem",
        )
        for cache in ("var/lib/apt/lists", "var/cache/apt/archives"):
            shutil.rmtree(rootfs / cache, ignore_errors=True)
        # The container's /etc/resolv.conf and /etc/hosts are the engine's to mount.
        _run(
            f"tar -C {rootfs} --numeric-owner --exclude=./proc/* --exclude=./sys/* "
            f"--exclude=./dev/* -c . | docker import "
            "--change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' "
            "--change 'ENV LANG=C.UTF-8' --change 'CMD [\"bash\"]' "
            f"- {image.tag}",
            f"docker import of the {image.name} root filesystem",
            shell=True,
        )
    _run(["docker", "tag", image.tag, image.latest], f"docker tag {image.latest}")


def build_base_image(image: BaseImage, *, force: bool = False) -> bool:
    """Build ``image`` unless its content-hash tag exists. Returns True when it built.

    ``:latest`` is pointed at this definition's tag every time, so a machine that also ran
    another checkout (whose setup moved ``:latest``) builds task images from the right base.
    """
    if not force and image_exists(image.tag):
        _run(["docker", "tag", image.tag, image.latest], f"docker tag {image.latest}")
        return False
    if registry_answers(image.registry_base):
        _build_from_registry(image)
    else:
        _build_with_debootstrap(image)
    return True
