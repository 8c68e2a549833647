"""A non-editable install (a wheel) finds the built-in suites and base images.

Builds a wheel of the working tree (copied to a temp dir, so no ``build/`` is left in the
checkout), installs it with ``--no-deps`` into a fresh venv that borrows this venv's
dependencies through a ``.pth`` line (no downloads of Inspect or pandas), and runs ``horizon``
from a directory outside the repository.
"""

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]
SKIPPED = shutil.ignore_patterns(
    ".git", ".venv", "build", "dist", "results", "*.egg-info", "__pycache__", ".*_cache"
)
N_CORE_TASKS = len(list((REPO / "tasks" / "core").glob("*/task.toml")))


def _run(*cmd: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "HORIZON_HOME")}
    done = subprocess.run(
        [str(c) for c in cmd], cwd=cwd, env=env, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, f"{cmd} failed:\n{done.stdout}\n{done.stderr}"
    return done


@pytest.fixture(scope="module")
def wheel_venv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A venv holding only the horizon wheel; dependencies come from this venv's site-packages."""
    tmp = tmp_path_factory.mktemp("wheel")
    source = tmp / "src"
    shutil.copytree(REPO, source, ignore=SKIPPED)
    _run(sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", tmp / "dist", source)
    [wheel] = (tmp / "dist").glob("horizon-*.whl")
    venv = tmp / "venv"
    _run(sys.executable, "-m", "venv", "--without-pip", venv)
    [site] = venv.glob("lib/python*/site-packages")
    # A path line in a .pth file adds the folder without running the .pth files in it, so this
    # venv's editable-install hook (which would import the checkout) stays inactive.
    (site / "_horizon_test_deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    _run(sys.executable, "-m", "pip", "--python", venv / "bin" / "python", "install", "-q",
         "--no-deps", wheel)  # fmt: skip
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    assert "harness/_bundled/sandboxes/python/image.toml" in names
    assert "harness/_bundled/tasks/core/suite.toml" in names
    if (REPO / "harness" / "scoring" / "grading").is_dir():
        for path in (REPO / "harness" / "scoring" / "grading").glob("*.py"):
            assert f"harness/scoring/grading/{path.name}" in names
    return venv


def test_wheel_lists_the_core_suite_from_outside_the_repo(wheel_venv: Path, tmp_path: Path) -> None:
    done = _run(
        wheel_venv / "bin" / "horizon", "tasks", "list", "--suite", "core", "--json", cwd=tmp_path
    )
    rows = json.loads(done.stdout)
    assert len(rows) == N_CORE_TASKS
    assert {r["suite"] for r in rows} == {"core"}


def test_wheel_reads_its_own_copy_and_writes_results_to_the_cwd(
    wheel_venv: Path, tmp_path: Path
) -> None:
    done = _run(
        wheel_venv / "bin" / "python",
        "-c",
        "import harness._paths as p; print(p.TASKS_DIR); print(p.SANDBOXES_DIR); "
        "print(p.RESULTS_DIR)",
        cwd=tmp_path,
    )
    tasks_dir, sandboxes_dir, results_dir = map(Path, done.stdout.split())
    assert tasks_dir.is_relative_to(wheel_venv) and (tasks_dir / "core").is_dir()
    assert sandboxes_dir.is_relative_to(wheel_venv) and (sandboxes_dir / "python").is_dir()
    assert results_dir == tmp_path.resolve() / "results"
