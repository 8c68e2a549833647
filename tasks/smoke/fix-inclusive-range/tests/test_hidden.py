import sys

sys.path.append(APP)  # APP: the code under test (set by the grader's driver prelude)
from ranges import sum_inclusive  # noqa: E402


def test_values():
    assert sum_inclusive(1, 3) == 6
    assert sum_inclusive(5, 5) == 5
    assert sum_inclusive(-2, 2) == 0
    assert sum_inclusive(4, 1) == 0
    assert sum_inclusive(1, 1000) == 500500
