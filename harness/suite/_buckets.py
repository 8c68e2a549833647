"""Doubling buckets of human time: ``<1``, ``[1,2)``, ``[2,4)``, ... minutes."""

import math


def bucket_label(minutes: float) -> str:
    """The doubling bucket holding ``minutes``, e.g. ``'[8,16)'``; ``'<1'`` below a minute."""
    if minutes < 1:
        return "<1"
    low = 2 ** math.floor(math.log2(minutes))
    return f"[{low},{low * 2})"
