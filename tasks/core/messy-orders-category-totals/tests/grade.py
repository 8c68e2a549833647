"""Grade /app/answer.json, read as the agent (read_output); the expected totals stay here."""
import json

import horizon_grading as hg
import horizon_obsgrade as obsgrade

EXPECTED = {
    "books": {"orders": 27, "total": 3094.84},
    "electronics": {"orders": 21, "total": 2679.38},
    "garden": {"orders": 33, "total": 7667.68},
    "kitchen": {"orders": 23, "total": 3432.97},
    "toys": {"orders": 37, "total": 4936.76},
}


def load():
    text = obsgrade.read_text("/app/answer.json")
    assert text is not None, "answer.json missing or unreadable"
    return json.loads(text)


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


CHECKS = [(f.__name__, f) for f in (test_keys, test_counts, test_totals)]


def main():
    results = {}
    for name, check in CHECKS:
        try:
            check()
            results[name] = True
        except Exception as err:  # a missing, garbled or wrong answer: that check fails
            print(f"{name}: {type(err).__name__}: {str(err)[:300]}")
            results[name] = False
    ok = all(results.values())
    print(f"reward {int(ok)}: {results}")
    hg.write_reward(1 if ok else 0, details={"checks": results})


main()
