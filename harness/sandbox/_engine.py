"""Docker Engine and Compose: check versions, install from the OS packages, start the daemon.

``ensure_engine`` is what ``horizon setup`` runs. It is idempotent: on a ready machine it only
asks the daemon two version questions.
"""

import os
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from harness.errors import SetupError

from ._apt import (
    DEBIAN_FALLBACK_SUITE,
    add_pinned_suite,
    can_install,
    debian_mirror,
    install_packages,
    os_release,
)

# Inspect's docker sandbox refuses older versions (inspect_ai/util/_sandbox/docker/prereqs.py).
MIN_ENGINE_VERSION = (24, 0, 6)
MIN_COMPOSE_VERSION = (2, 21, 0)

DOCKERD_LOG = Path("/var/log/horizon/dockerd.log")
"""Where a ``dockerd`` started by horizon (no systemd) writes its log."""

DAEMON_START_TIMEOUT_SEC = 60


@dataclass(frozen=True)
class EngineStatus:
    """What ``docker`` answers on this machine; ``None`` where it does not answer."""

    client: str | None
    server_version: tuple[int, ...] | None
    compose_version: tuple[int, ...] | None
    docker_says: str = ""
    """Docker's own stderr where it did not answer (e.g. "permission denied ... docker.sock"):
    kept for the error message, since only docker knows why."""

    @property
    def ready(self) -> bool:
        """True when the daemon answers and both versions are new enough."""
        return (
            self.server_version is not None
            and self.server_version >= MIN_ENGINE_VERSION
            and self.compose_version is not None
            and self.compose_version >= MIN_COMPOSE_VERSION
        )


def parse_version(text: str) -> tuple[int, ...] | None:
    """``'26.1.5+dfsg1'`` -> ``(26, 1, 5)``; ``'v2.26.1-4'`` -> ``(2, 26, 1)``."""
    core = text.strip().lstrip("v").split("+")[0].split("-")[0]
    parts = core.split(".")
    if not parts or not all(p.isdigit() for p in parts):
        return None
    return tuple(int(p) for p in parts)


def _answer(*args: str) -> tuple[str | None, str]:
    """``(stdout, "")`` when the command answers, else ``(None, why)`` with its stderr."""
    try:
        done = subprocess.run(args, capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired) as err:
        return None, str(err)
    if done.returncode == 0 and done.stdout.strip():
        return done.stdout.strip(), ""
    return None, done.stderr.strip()[-1000:]


def engine_status() -> EngineStatus:
    """Ask the installed ``docker`` client for the server and Compose versions."""
    client = shutil.which("docker")
    if client is None:
        return EngineStatus(None, None, None)
    server, server_err = _answer(client, "version", "--format", "{{.Server.Version}}")
    compose, compose_err = _answer(client, "compose", "version", "--short")
    return EngineStatus(
        client,
        parse_version(server) if server else None,
        parse_version(compose) if compose else None,
        "\n".join(e for e in (server_err, compose_err) if e),
    )


def _docker_said(status: EngineStatus) -> str:
    return f"\nDocker said: {status.docker_says}" if status.docker_says else ""


def _fmt(version: tuple[int, ...] | None) -> str:
    return ".".join(map(str, version)) if version else "missing"


def _not_installable_error(status: EngineStatus) -> SetupError:
    return SetupError(
        f"Docker Engine {_fmt(status.server_version)} (need >= {_fmt(MIN_ENGINE_VERSION)}) and "
        f"Docker Compose {_fmt(status.compose_version)} (need >= {_fmt(MIN_COMPOSE_VERSION)}). "
        "horizon installs them itself only on Debian/Ubuntu as root. Install Docker Desktop "
        "(macOS/Windows) or Docker Engine: https://docs.docker.com/engine/install/ ; "
        "then rerun `horizon setup`." + _docker_said(status)
    )


def install_engine() -> None:
    """Install Docker Engine and Compose v2 from the OS package repositories.

    Debian 12's own ``docker.io`` (20.10) and ``docker-compose`` (1.29) are too old for
    Inspect, so on bookworm both come from the Debian 13 suite, pinned low so that nothing
    else on the machine is upgraded; their dependencies stay bookworm's.
    """
    release = os_release()
    subprocess.run(["apt-get", "update"], capture_output=True, check=False)
    if release.get("ID") == "debian" and release.get("VERSION_CODENAME") == "bookworm":
        add_pinned_suite(debian_mirror(), DEBIAN_FALLBACK_SUITE)
        install_packages(
            f"docker.io/{DEBIAN_FALLBACK_SUITE}", f"docker-compose/{DEBIAN_FALLBACK_SUITE}"
        )
    elif release.get("ID") == "ubuntu":
        install_packages("docker.io", "docker-compose-v2")
    else:
        install_packages("docker.io", "docker-compose")


def start_daemon() -> None:
    """Start ``dockerd``: through systemd where it runs, else in the background."""
    if Path("/run/systemd/system").is_dir():
        subprocess.run(["systemctl", "start", "docker"], capture_output=True, check=False)
        where = "`journalctl -u docker`"
    else:
        dockerd = shutil.which("dockerd")
        if dockerd is None:
            raise SetupError("dockerd is not installed. Run `horizon setup` as root to install it.")
        DOCKERD_LOG.parent.mkdir(parents=True, exist_ok=True)
        with DOCKERD_LOG.open("ab") as log:
            subprocess.Popen(
                [dockerd], stdout=log, stderr=log, stdin=subprocess.DEVNULL, start_new_session=True
            )
        where = str(DOCKERD_LOG)
    deadline = time.monotonic() + DAEMON_START_TIMEOUT_SEC
    while time.monotonic() < deadline:
        if engine_status().server_version is not None:
            return
        time.sleep(1)
    raise SetupError(
        f"The Docker daemon did not answer within {DAEMON_START_TIMEOUT_SEC} s of starting it. "
        f"Read its log in {where}, fix the cause, then rerun `horizon setup`."
    )


def ensure_engine(*, install: bool = True) -> EngineStatus:
    """Make Docker Engine and Compose answer at the versions Inspect needs.

    Args:
        install: Install and start what is missing where horizon can (Debian/Ubuntu, root).
            With ``False`` only check.

    Returns:
        The status once ready.

    Raises:
        SetupError: What is missing and the one thing that fixes it.
    """
    status = engine_status()
    if status.ready:
        return status
    if not install:
        raise _not_installable_error(status)
    server_too_old = (
        status.server_version is not None and status.server_version < MIN_ENGINE_VERSION
    )
    compose_bad = status.compose_version is None or status.compose_version < MIN_COMPOSE_VERSION
    if shutil.which("dockerd") is None or server_too_old or compose_bad:
        if not can_install():
            raise _not_installable_error(status)
        install_engine()
    if engine_status().server_version is None:
        if os.geteuid() != 0:
            raise SetupError(
                "The Docker daemon is not running and horizon is not root. Start it "
                "(`sudo systemctl start docker`, or open Docker Desktop), then rerun "
                "`horizon setup`." + _docker_said(engine_status())
            )
        start_daemon()
    status = engine_status()
    if not status.ready:
        raise _not_installable_error(status)
    return status
