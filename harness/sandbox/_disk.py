"""A sample's disk use is limited: a watchdog stops a sandbox that writes past its limit.

Docker enforces a container's disk quota only on some storage drivers (overlay2 on xfs with
project quotas); most machines have none. So while ``horizon run`` runs, a thread polls the
size of every sandbox's writable layer (``docker ps --size``) and kills a container that has
written more than its task's ``[environment] storage_mb`` (default
:data:`DEFAULT_STORAGE_MB`). Its sample becomes a ``failure`` with the reason
(``harness.scoring`` asks :func:`stopped_for_disk`), never an excluded error: the agent wrote it.
Overshoot is bounded by what the agent can write in one poll interval.
"""

import os
import re
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ._leftovers import RUN_LABEL

STORAGE_LABEL = "dev.horizon.storage_mb"
DEFAULT_STORAGE_MB = 10240
POLL_SEC = float(os.environ.get("HORIZON_DISK_POLL_SEC", "10"))
"""Seconds between polls; ``HORIZON_DISK_POLL_SEC`` overrides (tests use a short one)."""

_UNITS = {"B": 1, "kB": 1e3, "KB": 1e3, "MB": 1e6, "GB": 1e9, "TB": 1e12}
_STOPPED: dict[str, str] = {}
"""Short container id -> why the watchdog stopped it (read by the scorer, same process)."""
_LOCK = threading.Lock()


def parse_size_mb(text: str) -> float | None:
    """``'12.3MB (virtual 1.2GB)'`` -> 12.3 (the writable layer, in MB); None if unreadable."""
    found = re.match(r"\s*([\d.]+)\s*([kKMGT]?B)", text)
    if not found:
        return None
    return float(found.group(1)) * _UNITS[found.group(2)] / 1e6


def stopped_for_disk(container: str) -> str | None:
    """Why the watchdog stopped ``container`` (a short or full id), or None."""
    with _LOCK:
        return _STOPPED.get(container[:12])


def _poll(run: Path) -> None:
    listed = subprocess.run(
        ["docker", "ps", "--size", "--filter", f"label={RUN_LABEL}={run.resolve()}",
         "--format", f'{{{{.ID}}}}|{{{{.Size}}}}|{{{{.Label "{STORAGE_LABEL}"}}}}'],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    for line in listed.stdout.splitlines():
        container, size_text, limit_text = (line.split("|") + ["", ""])[:3]
        size = parse_size_mb(size_text)
        limit = int(limit_text) if limit_text.isdigit() else DEFAULT_STORAGE_MB
        if size is None or size <= limit:
            continue
        with _LOCK:
            _STOPPED[container[:12]] = (
                f"the agent wrote {size:.0f} MB to its sandbox's disk, over the task's limit of "
                f"{limit} MB ([environment] storage_mb); the sandbox was stopped"
            )
        subprocess.run(["docker", "kill", container], capture_output=True, timeout=60, check=False)


@contextmanager
def disk_watchdog(run: Path) -> Iterator[None]:
    """Watch the disk use of ``run``'s sandboxes while the block runs."""
    stop = threading.Event()

    def watch() -> None:
        while not stop.wait(POLL_SEC):
            _poll(run)

    thread = threading.Thread(target=watch, name="horizon-disk-watchdog", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=POLL_SEC + 130)
