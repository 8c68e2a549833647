"""Nothing left behind: every container and network horizon starts carries its labels.

Every sandbox's containers and networks (``_box``: ``main``, its sidecars, their networks) are
labelled ``dev.horizon.managed=true``, ``dev.horizon.run=<log folder>`` (the folder comes from
``$HORIZON_RUN`` when the sandbox starts, set by :func:`run_label`) and
``dev.horizon.sandbox=<main container's name>`` (what removing one sample removes).

A run that is SIGKILLed, or a daemon restart, leaves such containers behind; ``horizon run``
removes those of its own log folder before it resumes (it holds the folder's lock, so none of
them belongs to a live run), and ``horizon clean`` removes those of every run that is not
running. Sidecars are found like any sandbox container; networks go once no container uses
them.
"""

import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

MANAGED_LABEL = "dev.horizon.managed"
RUN_LABEL = "dev.horizon.run"
SANDBOX_LABEL = "dev.horizon.sandbox"
"""Names the sample's sandbox (its main container) on each of its containers and networks."""
RUN_ENV = "HORIZON_RUN"
"""Environment variable a starting sandbox reads the run's log folder from."""


def labels() -> dict[str, str]:
    """The labels of a sandbox's container and network, as of now (``$HORIZON_RUN``)."""
    return {MANAGED_LABEL: "true", RUN_LABEL: os.environ.get(RUN_ENV, "")}


@contextmanager
def run_label(log_dir: Path) -> Iterator[None]:
    """Label every sandbox started in this block with ``log_dir``."""
    before = os.environ.get(RUN_ENV)
    os.environ[RUN_ENV] = str(log_dir.resolve())
    try:
        yield
    finally:
        if before is None:
            del os.environ[RUN_ENV]
        else:
            os.environ[RUN_ENV] = before


def _docker_lines(*args: str) -> list[str]:
    done = subprocess.run(
        ["docker", *args], capture_output=True, text=True, timeout=120, check=False
    )
    return done.stdout.split() if done.returncode == 0 else []


def horizon_containers(run: Path | None = None, *, running_only: bool = False) -> dict[str, str]:
    """Horizon's containers as ``{short id: run label}``.

    Only ``run``'s when given; only running ones when ``running_only`` (else all states).
    """
    wanted = f"label={RUN_LABEL}={run.resolve()}" if run else f"label={MANAGED_LABEL}=true"
    ids = _docker_lines("ps", "-q" if running_only else "-aq", "--filter", wanted)
    if not ids:
        return {}
    template = f'{{{{.Id}}}}={{{{index .Config.Labels "{RUN_LABEL}"}}}}'
    found = {}
    for line in _docker_lines("inspect", "--format", template, *ids):
        container, _, label = line.partition("=")
        found[container[:12]] = label
    return found


def remove_containers(ids: list[str]) -> int:
    """Remove ``ids`` (running or not) and the networks they leave unused; how many went."""
    if not ids:
        return 0
    subprocess.run(["docker", "rm", "-f", "-v", *ids], capture_output=True, timeout=300)
    networks = _docker_lines("network", "ls", "-q", "--filter", f"label={MANAGED_LABEL}=true")
    if networks:  # in-use networks refuse removal: only orphans go
        subprocess.run(["docker", "network", "rm", *networks], capture_output=True, timeout=120)
    return len(ids)


def remove_leftovers(log_dir: Path) -> int:
    """Remove the containers a killed run of ``log_dir`` left. Call holding the folder's lock."""
    return remove_containers(list(horizon_containers(log_dir)))
