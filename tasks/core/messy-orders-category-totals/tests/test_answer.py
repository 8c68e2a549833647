import json
from pathlib import Path

EXPECTED = {
    "books": {"orders": 27, "total": 3094.84},
    "electronics": {"orders": 21, "total": 2679.38},
    "garden": {"orders": 33, "total": 7667.68},
    "kitchen": {"orders": 23, "total": 3432.97},
    "toys": {"orders": 37, "total": 4936.76},
}


def load():
    p = Path("/app/answer.json")
    assert p.exists(), "answer.json missing"
    return json.loads(p.read_text())


def test_keys():
    assert sorted(load().keys()) == sorted(EXPECTED.keys())


def test_counts():
    got = load()
    for cat, exp in EXPECTED.items():
        assert int(got[cat]["orders"]) == exp["orders"], cat


def test_totals():
    got = load()
    for cat, exp in EXPECTED.items():
        assert abs(float(got[cat]["total"]) - exp["total"]) <= 0.011, cat
