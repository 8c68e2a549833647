from ranges import sum_inclusive


def test_small_range():
    assert sum_inclusive(1, 3) == 6
