import sys, pytest
sys.path.append(APP)  # APP: the code under test (set by the grader's driver prelude)
import batching

def ref(total, size):
    return [(s, min(s + size, total)) for s in range(0, total, size)]

def test_examples():
    assert batching.chunk_ranges(5, 2) == [(0, 2), (2, 4), (4, 5)]  # hz:obs
    assert batching.chunk_ranges(1, 3) == [(0, 1)]  # hz:obs
    assert batching.chunk_ranges(0, 3) == []  # hz:obs
    assert batching.chunk_ranges(6, 3) == [(0, 3), (3, 6)]  # hz:obs

def test_many():
    for total in range(0, 40):
        for size in range(1, 12):
            assert batching.chunk_ranges(total, size) == ref(total, size), (total, size)  # hz:obs

def test_errors():
    with pytest.raises(ValueError):
        batching.chunk_ranges(5, 0)
    with pytest.raises(ValueError):
        batching.batch_count(5, 0)

def test_others():
    items = list(range(11))
    assert batching.chunks(items, 4) == [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 10]]  # hz:obs
    assert batching.chunks([], 4) == []  # hz:obs
    for total in range(0, 30):
        for size in range(1, 9):
            assert batching.batch_count(total, size) == len(ref(total, size))  # hz:obs
