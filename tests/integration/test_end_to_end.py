"""The whole pipeline against a known truth: simulated agents of known horizons run on the core
suite through real sandboxes and verifiers; the reporter's CIs must contain the true horizons.

Slow (hundreds of sandboxes): `pytest -m slow`. CI runs it; its wall time is in the closing
note of issue #5.
"""

from pathlib import Path

import numpy as np
import pytest

from harness.horizon import HorizonParams, fit_horizons
from harness.run import AgentChoice, RunSettings, run_suite
from harness.runs import read_runs

pytestmark = [pytest.mark.docker, pytest.mark.slow]

TRUE_HORIZONS = (4.0, 30.0, 240.0)


def test_sim_agents_on_core_recover_their_true_horizons(tmp_path: Path) -> None:
    agents = tuple(
        AgentChoice("sim", {"horizon": h, "slope": 0.6, "seed": 7}) for h in TRUE_HORIZONS
    )
    settings = RunSettings(suite="core", agents=agents, epochs=3, log_dir=tmp_path, display="none")
    complete, _ = run_suite(settings)
    assert complete
    runs = read_runs([tmp_path])
    assert (runs["outcome"] == "infra_error").sum() == 0
    result = fit_horizons(runs, HorizonParams(), np.random.default_rng(0))
    frame = result.to_frame().set_index("alias")
    for horizon in TRUE_HORIZONS:
        row = frame.loc[f"sim/h={horizon:g}m"]
        assert row["p50_ci_low"] <= horizon <= row["p50_ci_high"], (horizon, row.to_dict())
