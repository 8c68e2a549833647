"""Where horizon's folders are, for a repository checkout and for an installed wheel alike.

``tasks/`` (the built-in suites) and ``sandboxes/`` (the base image definitions) live at the
top of the repository. Running from a checkout (``pip install -e .``) they are read there, so
edits take effect at once. A wheel (``pip install .``) carries a copy of both inside the package,
under ``harness/_bundled/`` (``setup.py`` puts it there at build time), which is used when no
checkout surrounds the package.

``results/`` (runs, reports) is written to ``$HORIZON_HOME/results`` when
``HORIZON_HOME`` is set, else to the checkout's ``results/``, else to ``./results`` in the
current directory: an installed package must never write into ``site-packages``.
"""

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
"""The installed ``harness`` package."""

BUNDLED_DIR = PACKAGE_DIR / "_bundled"
"""Where a wheel carries ``tasks/`` and ``sandboxes/`` (absent in a checkout)."""

DEFAULT_SUITE = "smoke"
"""The suite every command uses without ``--suite``: the five short tasks, so a first command
costs minutes, not hours. Defined once here so ``run``, ``tasks``, ``demo`` and ``baseline``
agree."""


def _checkout_root(package_dir: Path) -> Path | None:
    """The repository checkout holding the package, or None for an installed wheel."""
    root = package_dir.parent
    if (root / "pyproject.toml").is_file() and (root / "tasks").is_dir():
        return root
    return None


CHECKOUT_ROOT = _checkout_root(PACKAGE_DIR)
"""The repository checkout the package runs from (editable install), or None."""

DATA_ROOT = CHECKOUT_ROOT or BUNDLED_DIR
"""The folder holding ``tasks/`` and ``sandboxes/``: the checkout, else the wheel's copy."""

SANDBOXES_DIR = DATA_ROOT / "sandboxes"
TASKS_DIR = DATA_ROOT / "tasks"


def _results_dir() -> Path:
    home = os.environ.get("HORIZON_HOME")
    if home:
        return Path(home).resolve() / "results"
    if CHECKOUT_ROOT is not None:
        return CHECKOUT_ROOT / "results"
    return Path.cwd() / "results"


RESULTS_DIR = _results_dir()
"""Where runs and reports go (see the module docstring)."""
