"""Grade /app/events.jsonl (and the untouched /app/events.json), read as the agent
(read_output); expected_events.json stays in root-only /tests."""
import json

import horizon_grading as hg
import horizon_obsgrade as obsgrade

with open("/tests/expected_events.json", encoding="utf-8") as fh:
    WANT = json.load(fh)


def test_jsonl():
    text = obsgrade.read_text("/app/events.jsonl")
    assert text is not None, "events.jsonl missing or unreadable"
    if text.endswith("\n"):
        text = text[:-1]
    lines = text.split("\n")
    assert len(lines) == len(WANT)
    for line, obj in zip(lines, WANT):
        assert line.strip(), "blank line"
        assert json.loads(line) == obj


def test_source_unchanged():
    text = obsgrade.read_text("/app/events.json")
    assert text is not None, "events.json missing or unreadable"
    assert json.loads(text) == WANT


CHECKS = [("test_jsonl", test_jsonl), ("test_source_unchanged", test_source_unchanged)]


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

