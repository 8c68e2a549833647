"""Where the repository's folders are (the package is installed editable from the repo)."""

import os
from pathlib import Path

REPO_ROOT = Path(os.environ.get("HORIZON_HOME", Path(__file__).resolve().parents[1]))
"""The checkout holding ``tasks/``, ``sandboxes/`` and ``results/`` (override: HORIZON_HOME)."""

SANDBOXES_DIR = REPO_ROOT / "sandboxes"
TASKS_DIR = REPO_ROOT / "tasks"
RESULTS_DIR = REPO_ROOT / "results"
