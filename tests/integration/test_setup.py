"""`horizon setup` and the base image, against the real Docker Engine."""

import shutil
import subprocess
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from harness.cli import _main
from harness.sandbox import base_images, engine_status, image_exists

pytestmark = pytest.mark.docker


def test_setup_is_idempotent_and_builds_nothing_the_second_time() -> None:
    runner = CliRunner()
    first = runner.invoke(_main.horizon, ["setup"])
    assert first.exit_code == 0, first.output
    started = time.monotonic()
    second = runner.invoke(_main.horizon, ["setup"])
    elapsed = time.monotonic() - started
    assert second.exit_code == 0, second.output
    assert "built" not in second.output.replace("up to date", "")
    assert "up to date" in second.output
    assert elapsed < 30, f"a second setup took {elapsed:.1f} s: it should only check"
    assert engine_status().ready


@pytest.mark.parametrize("image", base_images(), ids=lambda i: i.name)
def test_base_image_has_what_inspect_and_tasks_need(image) -> None:  # type: ignore[no-untyped-def]
    assert image_exists(image.tag) and image_exists(image.latest)
    script = (
        "set -e; python3 -c 'import sys; print(sys.version_info[:2])'; "
        "test -x /usr/bin/timeout; bash --version | head -1; gcc --version | head -1; "
        "git --version; python3 -m pytest --version"
    )
    done = subprocess.run(
        ["docker", "run", "--rm", "--network", "none", image.tag, "bash", "-c", script],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "(3, 11)" in done.stdout and "GNU bash" in done.stdout


def local_images() -> set[str]:
    done = subprocess.run(
        ["docker", "images", "-q", "--no-trunc"], capture_output=True, text=True, check=True
    )
    return set(done.stdout.split())


def test_setup_check_reports_a_missing_image_and_builds_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import harness.cli.setup as setup_command

    [real] = base_images()
    changed = tmp_path / real.name
    shutil.copytree(real.folder, changed)
    with (changed / "image.toml").open("a") as toml:
        toml.write("\n# a new definition: a new tag, never built\n")
    [unbuilt] = base_images(tmp_path)
    monkeypatch.setattr(setup_command, "base_images", lambda: [real, unbuilt])
    before = local_images()
    result = CliRunner().invoke(_main.horizon, ["setup", "--check"])
    assert result.exit_code == 1, result.output
    assert f"{real.tag}: present" in result.output
    assert f"{unbuilt.tag}: missing" in result.output
    assert local_images() == before and not image_exists(unbuilt.tag)
