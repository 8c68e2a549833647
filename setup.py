"""Packaging shim: make the wheel carry the built-in suites and base images.

``tasks/`` and ``sandboxes/`` stay at the repository's top level (the layout is fixed), but
setuptools' package data only covers files inside a package. Rather than symlinks (lost on
some platforms and in sdists) or ``data-files`` (installed under ``sys.prefix`` where nothing can
find them reliably), ``build_py`` copies both trees into ``harness/_bundled/`` of the build, and
``harness._paths`` reads them there when no checkout surrounds the package. Editable installs
skip the copy: they read the checkout directly, so edits to tasks take effect at once.

All other metadata is in ``pyproject.toml``; ``MANIFEST.in`` puts both trees in the sdist too.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
BUNDLED_TREES = ("tasks", "sandboxes")
"""Top-level folders the wheel carries, under ``harness/_bundled/``."""
IGNORED = shutil.ignore_patterns("__pycache__", "*.pyc", ".pytest_cache", ".DS_Store")


class BuildPyWithData(build_py):
    """``build_py`` that also copies ``tasks/`` and ``sandboxes/`` into the package."""

    def run(self) -> None:
        """Build the package as usual, then copy the trees (not for editable installs)."""
        super().run()
        if getattr(self, "editable_mode", False):
            return
        for name in BUNDLED_TREES:
            target = Path(self.build_lib) / "harness" / "_bundled" / name
            shutil.rmtree(target, ignore_errors=True)
            shutil.copytree(ROOT / name, target, ignore=IGNORED)


setup(cmdclass={"build_py": BuildPyWithData})
