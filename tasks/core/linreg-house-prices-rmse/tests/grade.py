#!/usr/bin/env python3
"""Verifier for linreg-house-prices-rmse: RMSE of /app/predictions.csv against the true prices.

The true prices stay in /tests (root-only) and this process's memory. The agent's file is read
with horizon_grading.read_output, as the agent: a symlink to /tests/test_prices.csv (or anything
else the agent cannot read) is no answer.
"""
import csv
import io
import math
import os
import sys

import horizon_grading as hg

HERE = os.path.dirname(os.path.abspath(__file__))
BAR = 22500.0  # RMSE in dollars


def load(text):
    out = {}
    for r in csv.DictReader(io.StringIO(text)):
        i = int(r["id"])
        if i in out:
            raise ValueError(f"id {i} twice")
        out[i] = float(r["price"])
    return out


def grade():
    with open(os.path.join(HERE, "test_prices.csv"), newline="") as f:
        truth = load(f.read())
    raw = hg.read_output("/app/predictions.csv")
    if raw is None:
        return 0.0, {"error": "/app/predictions.csv missing or unreadable"}
    try:
        got = load(raw.decode("utf-8"))
    except (ValueError, KeyError, TypeError, UnicodeDecodeError) as e:
        return 0.0, {"error": f"cannot parse predictions: {e}"}
    if set(got) != set(truth):
        return 0.0, {"error": "ids must match test.csv exactly"}
    if not all(math.isfinite(got[i]) for i in truth):
        return 0.0, {"error": "non-finite price"}
    rmse = math.sqrt(sum((got[i] - truth[i]) ** 2 for i in truth) / len(truth))
    print(f"rmse {rmse:.1f} (need < {BAR})")
    return (1.0 if rmse < BAR else 0.0), {"rmse": rmse}


def main():
    reward, details = grade()
    print(details)
    hg.write_reward(reward, details=details)
    return 0


if __name__ == "__main__":
    sys.exit(main())
