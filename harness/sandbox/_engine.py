"""Docker Engine and Compose: check versions, install from the OS packages, start the daemon.

``ensure_engine`` is what ``horizon setup`` runs. It is idempotent: on a ready machine it only
asks the daemon a few questions.

The daemon horizon manages (one it starts itself, or installs) runs containers in a user
namespace (``userns-remap``): container root is an unprivileged host uid, so an agent that
escaped its own user and then its container would still not be host root. A daemon the
machine's owner runs is left as it is (turning remapping on hides every image it has, which
live in a separate store); ``horizon setup`` says when it is off.
"""

import json
import os
import shutil
import signal
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

USERNS_REMAP = "default"
"""dockerd's ``--userns-remap`` value: ``default`` makes dockerd create the ``dockremap`` user
and its subordinate uid/gid range (``/etc/subuid``) itself."""
DAEMON_JSON = Path("/etc/docker/daemon.json")
"""The config a systemd-run daemon reads; horizon writes it only for an engine it installed."""
DOCKERD_PIDFILE = Path("/var/run/docker.pid")


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
    else on the machine is upgraded; their dependencies stay bookworm's. A first engine that
    systemd will run is configured for user namespaces before it first starts (it has no images
    to lose yet); one horizon starts itself gets the flag instead (:func:`dockerd_command`).
    """
    if shutil.which("dockerd") is None and _systemd():
        enable_userns_in(DAEMON_JSON)
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


def enable_userns_in(daemon_json: Path) -> None:
    """Add ``userns-remap`` to a daemon config file, keeping whatever else it sets."""
    config = json.loads(daemon_json.read_text() or "{}") if daemon_json.is_file() else {}
    if config.get("userns-remap"):
        return
    daemon_json.parent.mkdir(parents=True, exist_ok=True)
    daemon_json.write_text(json.dumps({**config, "userns-remap": USERNS_REMAP}, indent=2) + "\n")


def dockerd_command(dockerd: str, daemon_json: Path = DAEMON_JSON) -> list[str]:
    """How horizon starts a daemon of its own: containers in a user namespace.

    The flag is left out when the config file already sets it: dockerd refuses a setting given
    twice.
    """
    try:
        configured = "userns-remap" in json.loads(daemon_json.read_text() or "{}")
    except (OSError, ValueError):
        configured = False
    return [dockerd] if configured else [dockerd, f"--userns-remap={USERNS_REMAP}"]


def _systemd() -> bool:
    return Path("/run/systemd/system").is_dir()


def userns_enabled() -> bool | None:
    """Whether the daemon remaps container root to an unprivileged uid (None: no answer)."""
    said, _ = _answer("docker", "info", "--format", "{{json .SecurityOptions}}")
    if said is None:
        return None
    return any(option.startswith("name=userns") for option in json.loads(said) or [])


def horizons_dockerd() -> int | None:
    """The running daemon's pid if horizon started it, else None (the owner's daemon, or none).

    A daemon of horizon's writes its output to :data:`DOCKERD_LOG`.
    """
    try:
        pid = int(DOCKERD_PIDFILE.read_text().strip())
        output = Path(os.readlink(f"/proc/{pid}/fd/1"))
    except (OSError, ValueError):
        return None
    return pid if output == DOCKERD_LOG else None


def _running_containers() -> int:
    said, _ = _answer("docker", "ps", "-q")
    return len((said or "").split())


def _restart_with_userns(pid: int) -> None:
    """Stop horizon's own daemon and start it again with user namespaces."""
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + DAEMON_START_TIMEOUT_SEC
    while Path(f"/proc/{pid}").exists() and time.monotonic() < deadline:
        time.sleep(0.5)
    start_daemon()


def ensure_userns(*, change: bool = True) -> str:
    """Turn on user namespaces in a daemon horizon started, where that is safe; say where not.

    Horizon's own daemon is restarted with ``--userns-remap`` only when no container is
    running (a restart stops them all). Returns one line for ``horizon setup`` to print.
    """
    if userns_enabled():
        return "user namespace: on (container root is an unprivileged host uid)"
    pid = horizons_dockerd()
    if pid is None:
        return (
            "warning: user namespace: off. This Docker daemon is not horizon's, so horizon "
            "leaves its settings alone; container root is host root. To turn it on, add "
            f'"userns-remap": "{USERNS_REMAP}" to {DAEMON_JSON} and restart Docker (its images '
            "then live in a separate store and are rebuilt); docs/reliability.md"
        )
    running = _running_containers()
    if not change or running:
        why = f"{running} container(s) are running" if running else "--check changes nothing"
        return (
            "warning: user namespace: off. horizon started this daemon without it and did not "
            f"restart it ({why}); rerun `horizon setup` when no sandbox is running"
        )
    _restart_with_userns(pid)
    return "user namespace: on (daemon restarted with it; images are rebuilt in its store)"


def start_daemon() -> None:
    """Start ``dockerd``: through systemd where it runs, else in the background."""
    if _systemd():
        subprocess.run(["systemctl", "start", "docker"], capture_output=True, check=False)
        where = "`journalctl -u docker`"
    else:
        dockerd = shutil.which("dockerd")
        if dockerd is None:
            raise SetupError("dockerd is not installed. Run `horizon setup` as root to install it.")
        DOCKERD_LOG.parent.mkdir(parents=True, exist_ok=True)
        with DOCKERD_LOG.open("ab") as log:
            subprocess.Popen(
                dockerd_command(dockerd),
                stdout=log,
                stderr=log,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
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
