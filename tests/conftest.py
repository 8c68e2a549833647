"""Markers and skip logic shared by every test.

Tests marked ``docker`` need a running Docker Engine. Without one they skip with a reason that
says how to fix it — except where ``HORIZON_REQUIRE_DOCKER=1`` (CI), where a silently skipped
integration suite would be worse than none, so they fail instead.
"""

import os
import subprocess
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"


def docker_available() -> bool:
    try:
        done = subprocess.run(
            ["docker", "version", "--format", "{{.Server.Version}}"],
            capture_output=True,
            timeout=20,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    needs_docker = [item for item in items if "docker" in item.keywords]
    if not needs_docker or docker_available():
        return
    if os.environ.get("HORIZON_REQUIRE_DOCKER") == "1":
        raise pytest.UsageError(
            "HORIZON_REQUIRE_DOCKER=1 but the Docker Engine is not reachable; run `horizon setup`"
        )
    skip = pytest.mark.skip(reason="Docker Engine not reachable; run `horizon setup`")
    for item in needs_docker:
        item.add_marker(skip)


@pytest.fixture
def data_dir() -> Path:
    return DATA
