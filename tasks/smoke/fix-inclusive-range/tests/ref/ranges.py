"""Small helpers over integer ranges."""


def sum_inclusive(a: int, b: int) -> int:
    """Sum of the integers a..b, both included; 0 when a > b."""
    total = 0
    for n in range(a, b + 1):
        total += n
    return total
