"""Debian/Ubuntu package sources: the machine's own mirror, and a low-pinned newer suite."""

import os
import platform
import re
import shutil
import subprocess
from pathlib import Path

from harness.errors import SetupError

DEBIAN_FALLBACK_SUITE = "trixie"
"""Debian 13: the first suite with Docker Engine >= 24.0.6 and Compose v2 packaged."""

APT_DIR = Path("/etc/apt")
PIN_PRIORITY = 100
"""Below the default 500: packages come from the added suite only when asked for by name."""


def os_release(path: Path = Path("/etc/os-release")) -> dict[str, str]:
    """The key=value pairs of ``/etc/os-release`` (empty where the file is absent)."""
    if not path.exists():
        return {}
    pairs = (line.split("=", 1) for line in path.read_text().splitlines() if "=" in line)
    return {key: value.strip().strip('"') for key, value in pairs}


def _source_entries(apt_dir: Path) -> list[tuple[str, list[str]]]:
    """``(uri, suites)`` for every ``deb`` entry in one-line and deb822 source files."""
    entries: list[tuple[str, list[str]]] = []
    one_line = [apt_dir / "sources.list", *sorted((apt_dir / "sources.list.d").glob("*.list"))]
    for path in one_line:
        if not path.exists():
            continue
        for line in path.read_text().splitlines():
            match = re.match(r"^deb\s+(?:\[[^]]*\]\s+)?(\S+)\s+(\S+)", line.strip())
            if match:
                entries.append((match[1], [match[2]]))
    for path in sorted((apt_dir / "sources.list.d").glob("*.sources")):
        for stanza in re.split(r"\n\s*\n", path.read_text()):
            fields = dict(
                (key.strip(), value.strip())
                for key, _, value in (
                    line.partition(":") for line in stanza.splitlines() if not line.startswith("#")
                )
                if value
            )
            if "deb" in fields.get("Types", "").split() and "URIs" in fields:
                entries.append((fields["URIs"].split()[0], fields.get("Suites", "").split()))
    return entries


def debian_mirror(apt_dir: Path = APT_DIR) -> str:
    """The Debian archive this machine is configured to use (never a hard-coded host).

    Raises:
        SetupError: No source serves the release's main suite.
    """
    codename = os_release().get("VERSION_CODENAME", "bookworm")
    for uri, suites in _source_entries(apt_dir):
        if codename in suites and "security" not in uri:
            return uri.rstrip("/")
    raise SetupError(
        f"{apt_dir}: no apt source serves the '{codename}' suite, so horizon cannot tell which "
        "Debian mirror to use. Add your mirror to /etc/apt/sources.list, then rerun "
        "`horizon setup`."
    )


def add_pinned_suite(mirror: str, suite: str, apt_dir: Path = APT_DIR) -> None:
    """Add ``suite`` from ``mirror`` at a low pin priority and refresh the package lists."""
    (apt_dir / "sources.list.d" / f"horizon-{suite}.sources").write_text(
        f"Types: deb\nURIs: {mirror}\nSuites: {suite}\nComponents: main\n"
        "Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg\n"
    )
    (apt_dir / "preferences.d" / f"horizon-{suite}").write_text(
        f"Package: *\nPin: release n={suite}\nPin-Priority: {PIN_PRIORITY}\n"
    )
    subprocess.run(["apt-get", "update"], capture_output=True, check=False)


def can_install() -> bool:
    """True where horizon installs host packages itself: Linux, Debian/Ubuntu, as root."""
    release = os_release()
    family = {release.get("ID", "")} | set(release.get("ID_LIKE", "").split())
    return (
        platform.system() == "Linux"
        and os.geteuid() == 0
        and shutil.which("apt-get") is not None
        and bool(family & {"debian", "ubuntu"})
    )


def install_packages(*packages: str) -> None:
    """``apt-get install`` ``packages`` without recommends or questions.

    Raises:
        SetupError: apt-get failed; its own stderr is kept in the message.
    """
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    cmd = ["apt-get", "install", "-y", "--no-install-recommends", *packages]
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SetupError(
            f"`{' '.join(cmd)}` failed:\n{done.stderr.strip()[-2000:]}\n"
            "Fix the package manager's problem above, then rerun `horizon setup`."
        )


def ensure_host_tool(tool: str, package: str) -> str:
    """The path of ``tool``, installing ``package`` first where it is missing and horizon can.

    Args:
        tool: The command to find on ``PATH`` (e.g. ``debootstrap``).
        package: The Debian package that provides it.

    Raises:
        SetupError: The tool is missing and horizon cannot install it here (not root, not
            Debian/Ubuntu), or the install did not provide it.
    """
    found = shutil.which(tool) or shutil.which(tool, path="/usr/sbin:/usr/bin:/sbin:/bin")
    if found:
        return found
    if not can_install():
        raise SetupError(
            f"`{tool}` is missing and horizon installs host packages only on Debian/Ubuntu as "
            f"root. Install it (`sudo apt-get install {package}`), then rerun `horizon setup`."
        )
    subprocess.run(["apt-get", "update"], capture_output=True, check=False)
    install_packages(package)
    found = shutil.which(tool, path="/usr/sbin:/usr/bin:/sbin:/bin")
    if found is None:
        raise SetupError(
            f"`apt-get install {package}` succeeded but `{tool}` is still not on PATH. "
            "Check the package, then rerun `horizon setup`."
        )
    return found
