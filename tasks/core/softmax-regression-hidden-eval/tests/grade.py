#!/usr/bin/env python3
"""Verifier for softmax-regression-hidden-eval.

The hidden rows are generated here (labels stay in this process's memory); only the unlabelled
input CSV is written, to a fresh root-owned, world-readable folder. `/app/predict.py` runs as the
agent (horizon_grading.run_program, cwd /app as the task states), writes its output into a fresh
folder of the agent's, and the output is read back as the agent.
"""
import csv
import io
import os
import sys
import tempfile

import numpy as np

import horizon_grading as hg

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import gen  # noqa: E402

ACC_BAR = 0.685
LOGLOSS_BAR = 0.79
N = 4000
TIMEOUT_SEC = 60


def grade():
    public = tempfile.mkdtemp(prefix="hz-inputs-", dir="/tmp")
    os.chmod(public, 0o755)
    X, reg, y, _ = gen.sample(777, N)
    inp = os.path.join(public, "hidden.csv")
    gen.write(inp, X, reg, None, start_id=100001)
    os.chmod(inp, 0o644)
    out = os.path.join(hg.agent_workdir(), "pred.csv")
    r = hg.run_program(["python3", "/app/predict.py", inp, out], timeout_sec=TIMEOUT_SEC, cwd="/app")
    print(f"predict.py: exit {r.returncode}, {r.wall_sec:.2f}s wall, timed out {r.timed_out}")
    if r.returncode != 0 or r.timed_out:
        print(r.stderr.decode("utf-8", "replace")[-2000:])
        return 0.0, {"error": "predict.py failed or timed out", "wall_sec": r.wall_sec}
    raw = hg.read_output(out)
    if raw is None:
        return 0.0, {"error": "no readable output file"}
    try:
        rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8"))))
        assert len(rows) == N, f"{len(rows)} rows, expected {N}"
        assert [int(row["id"]) for row in rows] == list(range(100001, 100001 + N)), "ids differ"
        lab = np.array([int(row["label"]) for row in rows])
        P = np.array([[float(row[f"p{k}"]) for k in range(4)] for row in rows])
        assert np.all(np.isfinite(P)) and np.all((P >= 0) & (P <= 1)), "probabilities outside [0, 1]"
        assert np.all(np.abs(P.sum(1) - 1) < 1e-3), "probabilities do not sum to 1"
        assert np.all(np.isin(lab, [0, 1, 2, 3])), "labels outside 0..3"
    except (AssertionError, ValueError, KeyError, TypeError, UnicodeDecodeError) as e:
        print(f"FAIL format: {e}")
        return 0.0, {"error": f"format: {e}"}
    acc = float((lab == y).mean())
    ll = float(-np.log(np.clip(P[np.arange(N), y], 1e-15, 1)).mean())
    print(f"accuracy {acc:.4f} (need >= {ACC_BAR}), log-loss {ll:.4f} (need <= {LOGLOSS_BAR})")
    ok = acc >= ACC_BAR and ll <= LOGLOSS_BAR
    return (1.0 if ok else 0.0), {"accuracy": acc, "logloss": ll, "wall_sec": r.wall_sec}


def main():
    reward, details = grade()
    hg.write_reward(reward, details=details)
    return 0


if __name__ == "__main__":
    sys.exit(main())
