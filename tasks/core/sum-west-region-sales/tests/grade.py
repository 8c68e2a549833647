"""Grade /app/answer.txt, read as the agent (read_output); the expected sum stays here."""
import re

import horizon_grading as hg
import horizon_obsgrade as obsgrade

EXPECTED = 66125.98


def test_answer():
    text = obsgrade.read_text("/app/answer.txt", max_bytes=4096)
    assert text is not None, "answer.txt missing or unreadable"
    text = text.strip()
    assert re.fullmatch(r"-?\d+(\.\d+)?", text), f"not a plain number: {text!r}"
    assert abs(float(text) - EXPECTED) <= 0.005


CHECKS = [("test_answer", test_answer)]


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
