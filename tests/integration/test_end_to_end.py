"""The whole pipeline against a known truth: simulated agents of known horizons run on a
stratified subset of the core suite through real sandboxes and verifiers; the reporter's CIs
must contain the true horizons.

Slow (a hundred-odd sandboxes): `pytest -m slow`. The subset takes the same number of tasks
from every doubling bucket, so the test's cost stays fixed as the suite grows while it still
spans the suite's whole range. The reporter's calibration over many seeds is unit-tested
(tests/unit/test_horizon.py); this test checks that the real run path feeds it correctly.
"""

from collections import defaultdict
from pathlib import Path

import numpy as np
import pytest

from harness.horizon import HorizonParams, fit_horizons
from harness.run import AgentChoice, RunSettings, run_suite
from harness.runs import read_runs
from harness.suite import bucket_label, load_suite

pytestmark = [pytest.mark.docker, pytest.mark.slow]

TRUE_HORIZONS = (4.0, 30.0, 240.0)
TASKS_PER_BUCKET = 2
EPOCHS = 2


def stratified_subset(suite: str, per_bucket: int) -> tuple[str, ...]:
    """``per_bucket`` tasks of every doubling bucket of ``suite``: those with the shortest
    verifier timeouts (cheap to grade), ties by id, so the test's cost stays bounded."""
    by_bucket: dict[str, list[tuple[float, str]]] = defaultdict(list)
    for task in load_suite(suite).tasks:
        cost = task.config.verifier.timeout_sec
        by_bucket[bucket_label(task.human_minutes)].append((cost, task.id))
    return tuple(i for tasks in by_bucket.values() for _, i in sorted(tasks)[:per_bucket])


def test_sim_agents_on_core_recover_their_true_horizons(tmp_path: Path) -> None:
    agents = tuple(
        AgentChoice("sim", {"horizon": h, "slope": 0.6, "seed": 7}) for h in TRUE_HORIZONS
    )
    tasks = stratified_subset("core", TASKS_PER_BUCKET)
    # unchecked, deliberately: the core suite's check is CI's own stage (.ci/run, ~6 min);
    # this test is about the reporter recovering known horizons from the real run path.
    settings = RunSettings(
        suite="core",
        tasks=tasks,
        agents=agents,
        epochs=EPOCHS,
        log_dir=tmp_path,
        display="none",
        unchecked=True,
    )
    complete = run_suite(settings).complete
    assert complete
    runs = read_runs([tmp_path])
    assert len(runs) == len(tasks) * len(agents) * EPOCHS
    assert (runs["outcome"] == "infra_error").sum() == 0
    result = fit_horizons(runs, HorizonParams(), np.random.default_rng(0))
    frame = result.to_frame().set_index("alias")
    for horizon in TRUE_HORIZONS:
        row = frame.loc[f"sim/h={horizon:g}m"]
        assert row["p50_ci_low"] <= horizon <= row["p50_ci_high"], (horizon, row.to_dict())
