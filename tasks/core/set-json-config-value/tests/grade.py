"""Grade /app/config as the agent sees it: the listing walked as the agent (obsgrade.agent_tree),
service.json read as the agent (read_output); expected.json stays in root-only /tests."""
import json

import horizon_grading as hg
import horizon_obsgrade as obsgrade

TREE = obsgrade.agent_tree("/app/config")


def load():
    assert TREE is not None and TREE.get("service.json", {}).get("type") == "file", "no service.json"
    text = obsgrade.read_text("/app/config/service.json")
    assert text is not None, "service.json unreadable"
    return json.loads(text)


def test_config():
    got = load()
    with open("/tests/expected.json") as fh:
        want = json.load(fh)
    assert got == want
    v = got["database"]["pool"]["max_size"]
    assert type(v) is int and v == 40


def test_no_other_files():
    assert TREE is not None and "error" not in TREE
    assert sorted(k for k in TREE if k != "." and "/" not in k) == ["service.json"]


CHECKS = [("test_config", test_config), ("test_no_other_files", test_no_other_files)]


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

