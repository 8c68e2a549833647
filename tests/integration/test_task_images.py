"""Task images are built up front, in parallel; a broken Dockerfile does not stop the others
(and `horizon run` runs the good tasks: tests/integration/test_faults.py).

Real ``docker build``s of copies of a smoke task, each made unique by a marker file so its
image is not cached yet; the images are removed afterwards.
"""

import re
import shutil
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from harness.errors import TaskSpecError
from harness.sandbox import TaskImageBuild, build_task_images, image_exists, task_image_tag
from harness.suite import Suite, load_suite

pytestmark = pytest.mark.docker

TEMPLATE = Path(__file__).resolve().parents[2] / "tasks" / "smoke" / "fix-inclusive-range"
GOOD = ("good-a", "good-b")
BROKEN = "broken-build"


def _copy_task(template: Path, target: Path, marker: str) -> None:
    shutil.copytree(template, target)
    toml = target / "task.toml"
    toml.write_text(re.sub(r'(?m)^id = ".*"$', f'id = "{target.name}"', toml.read_text()))
    (target / "environment" / "marker.txt").write_text(marker)


@pytest.fixture
def suite(tmp_path: Path) -> Iterator[Suite]:
    """Two good tasks and one whose Dockerfile fails, none of them built yet."""
    marker = uuid.uuid4().hex
    folder = tmp_path / f"images-{marker[:8]}"
    for name in (*GOOD, BROKEN):
        _copy_task(TEMPLATE, folder / name, marker)
    dockerfile = folder / BROKEN / "environment" / "Dockerfile"
    dockerfile.write_text(
        dockerfile.read_text() + "RUN echo 'no such package: frobnicate' >&2 && false\n"
    )
    loaded = load_suite(folder)
    yield loaded
    tags = [task_image_tag(spec) for spec in loaded.tasks]
    subprocess.run(["docker", "rmi", "-f", *tags], capture_output=True, check=False)


def _all_containers() -> set[str]:
    """Every container but sandboxes (horizon's label: other runs may start those meanwhile)."""
    listed = subprocess.run(
        ["docker", "ps", "-a", "--format", '{{.ID}} {{.Label "dev.horizon.managed"}}'],
        capture_output=True,
        text=True,
        check=True,
    )
    return {line.split()[0] for line in listed.stdout.splitlines() if len(line.split()) == 1}


def test_builds_good_images_in_parallel_and_reports_the_broken_one(suite: Suite) -> None:
    seen: list[tuple[int, int, TaskImageBuild]] = []
    containers = _all_containers()
    results = build_task_images(
        suite.tasks, max_parallel=3, progress=lambda d, n, r: seen.append((d, n, r))
    )
    assert _all_containers() <= containers, "a build (the failed one too) left a container"

    assert [r.task_id for r in results] == [t.id for t in suite.tasks]  # in the input's order
    by_id = {r.task_id: r for r in results}
    for name in GOOD:
        assert by_id[name].ok and by_id[name].built and by_id[name].seconds > 0
        assert image_exists(by_id[name].tag)
    broken = by_id[BROKEN]
    assert not broken.ok and not broken.built
    assert isinstance(broken.error, TaskSpecError)
    assert "no such package: frobnicate" in str(broken.error)  # docker's own stderr is kept
    assert not image_exists(broken.tag)
    # One progress call per task, counting up to the total.
    assert [(d, n) for d, n, _ in seen] == [(1, 3), (2, 3), (3, 3)]
    assert {r.task_id for _, _, r in seen} == {t.id for t in suite.tasks}

    again = build_task_images(suite.tasks)
    assert [(r.task_id, r.built, r.ok) for r in again if r.ok] == [(n, False, True) for n in GOOD]
