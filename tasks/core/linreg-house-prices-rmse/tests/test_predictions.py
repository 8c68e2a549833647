import csv, math
from pathlib import Path

BAR = 22500.0  # RMSE in dollars


def load(p):
    with open(p, newline="") as f:
        return {int(r["id"]): float(r["price"]) for r in csv.DictReader(f)}


def test_rmse():
    p = Path("/app/predictions.csv")
    assert p.exists(), "/app/predictions.csv missing"
    truth = load("/tests/test_prices.csv")
    got = load(p)
    assert set(got) == set(truth), "ids must match test.csv exactly"
    vals = [got[i] for i in truth]
    assert all(math.isfinite(v) for v in vals)
    rmse = math.sqrt(sum((got[i] - truth[i]) ** 2 for i in truth) / len(truth))
    print("rmse", rmse)
    assert rmse < BAR, rmse
