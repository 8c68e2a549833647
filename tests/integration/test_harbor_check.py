"""Harbor task shapes that can run offline pass `horizon tasks check` for real (Docker).

One check of five tasks side by side: a schema 1.1 task, a multi-key reward.json decided by
`[verifier] reward_key`, a task without solution/ (the null agent and the adversary alone
decide), `[solution] env` reaching solve.sh (its only source of the expected text), and a
`[verifier] user` of the task's own (its test.sh gives 1 only when run as that user).
"""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from harness.cli import _main

pytestmark = pytest.mark.docker

HARBOR = Path(__file__).resolve().parents[1] / "data" / "harbor"
RUNNABLE = ("schema-1-1", "multi-key-reward", "no-solution", "solution-env", "verifier-user")


def test_runnable_harbor_shapes_pass_tasks_check() -> None:
    result = CliRunner().invoke(
        _main.horizon, ["tasks", "check", "--path", str(HARBOR), *RUNNABLE, "--json"]
    )
    assert result.exit_code == 0, result.output
    checks = {c["task_id"]: c for c in json.loads(result.stdout)}
    assert set(checks) == set(RUNNABLE)
    assert all(c["ok"] for c in checks.values()), checks
    for task_id in ("schema-1-1", "multi-key-reward", "solution-env", "verifier-user"):
        assert checks[task_id]["outcomes"]["oracle"] == "success"
    assert checks["no-solution"]["has_solution"] is False
    assert checks["no-solution"]["outcomes"]["null"] == "failure"
