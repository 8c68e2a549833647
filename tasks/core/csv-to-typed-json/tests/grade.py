"""Grade /app/inventory.json, read as the agent (read_output); expected.json stays in /tests."""
import json

import horizon_grading as hg
import horizon_obsgrade as obsgrade


def test_inventory():
    with open("/tests/expected.json") as fh:
        want = json.load(fh)
    text = obsgrade.read_text("/app/inventory.json")
    assert text is not None, "inventory.json missing or unreadable"
    got = json.loads(text)
    assert isinstance(got, list) and len(got) == len(want)
    for g, w in zip(got, want):
        assert set(g) == set(w)
        assert g["sku"] == w["sku"] and g["name"] == w["name"]
        assert type(g["qty"]) is int and g["qty"] == w["qty"]
        if w["price"] is None:
            assert g["price"] is None
        else:
            assert isinstance(g["price"], (int, float)) and not isinstance(g["price"], bool)
            assert abs(g["price"] - w["price"]) < 1e-9
        assert g["discontinued"] is w["discontinued"]


CHECKS = [("test_inventory", test_inventory)]


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

