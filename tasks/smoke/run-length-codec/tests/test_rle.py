import random
import sys

sys.path.insert(0, "/app")
from rle import decode, encode  # noqa: E402


def test_examples():
    assert encode("aaab") == "3a1b"
    assert encode("111") == "31"
    assert encode("") == "" and decode("") == ""
    assert decode("3a1b") == "aaab"
    assert encode("a" * 12) == "9a3a"
    assert decode("9a3a") == "a" * 12
    assert encode("1" * 10) == "9111"


def test_round_trips():
    rng = random.Random(7)
    alphabet = "ab1 2\n\u00e9\u4e2d"
    for _ in range(2000):
        s = "".join(rng.choice(alphabet) * rng.randint(1, 13) for _ in range(rng.randint(0, 12)))
        assert decode(encode(s)) == s
