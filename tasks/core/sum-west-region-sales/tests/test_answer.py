import re
from pathlib import Path

EXPECTED = 66125.98


def test_answer():
    p = Path("/app/answer.txt")
    assert p.exists(), "answer.txt missing"
    text = p.read_text().strip()
    assert re.fullmatch(r"-?\d+(\.\d+)?", text), f"not a plain number: {text!r}"
    assert abs(float(text) - EXPECTED) <= 0.005
