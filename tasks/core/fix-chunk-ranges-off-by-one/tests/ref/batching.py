"""Helpers for splitting work into batches."""


def chunk_ranges(total, size):
    """Split range(total) into consecutive half-open (start, end) pairs.

    Every pair holds at most `size` items; together they cover 0..total exactly.
    """
    if size <= 0:
        raise ValueError("size must be positive")
    ranges = []
    start = 0
    while start < total:
        end = min(start + size, total)
        ranges.append((start, end))
        start = end
    return ranges


def chunks(items, size):
    """Split a list into consecutive sub-lists of at most `size` items."""
    return [items[s:e] for s, e in chunk_ranges(len(items), size)]


def batch_count(total, size):
    """Number of batches needed for `total` items with batches of `size`."""
    if size <= 0:
        raise ValueError("size must be positive")
    return (total + size - 1) // size
