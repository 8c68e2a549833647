"""Value semantics: NULL is None; numbers are int/float (bool counts as a number); text is str."""
from .errors import SQLError


def rank(v):
    if v is None:
        return 0
    if isinstance(v, str):
        return 2
    return 1


def sort_key(v):
    """Total order used by ORDER BY, MIN and MAX: NULL < numbers < text."""
    r = rank(v)
    return (r, 0 if r == 0 else v)


def compare(a, b):
    """Three-way comparison of two non-NULL values (numbers sort before text)."""
    ra, rb = rank(a), rank(b)
    if ra != rb:
        return -1 if ra < rb else 1
    if a < b:
        return -1
    if a > b:
        return 1
    return 0


def to_bool(v):
    """SQL truth value: None (unknown), True or False. Text is false; numbers are true when non-zero."""
    if v is None:
        return None
    if isinstance(v, str):
        return False
    return v != 0


def to_text(v):
    if isinstance(v, str):
        return v
    if isinstance(v, bool):
        return "1" if v else "0"
    if isinstance(v, float):
        return repr(v)
    return str(v)


def check_number(op, v):
    if isinstance(v, str):
        raise SQLError(f"cannot apply {op} to text {v!r}")


def arith(op, a, b):
    if a is None or b is None:
        return None
    check_number(op, a)
    check_number(op, b)
    if op == "+":
        return a + b
    if op == "-":
        return a - b
    if op == "*":
        return a * b
    if op == "/":
        if b == 0:
            return None
        if isinstance(a, int) and isinstance(b, int):
            q = abs(a) // abs(b)
            return q if (a < 0) == (b < 0) else -q
        return a / b
    if op == "%":
        if b == 0:
            return None
        if isinstance(a, int) and isinstance(b, int):
            q = abs(a) // abs(b)
            q = q if (a < 0) == (b < 0) else -q
            return a - b * q
        r = abs(a) % abs(b)
        return -r if a < 0 else r
    raise SQLError(f"unknown operator {op}")


def like_match(s, p):
    """SQL LIKE: '%' matches any run of characters, '_' exactly one. Case-sensitive."""
    if not p:
        return not s
    c = p[0]
    if c == "%":
        for i in range(len(s) + 1):
            if like_match(s[i:], p[1:]):
                return True
        return False
    if not s:
        return False
    if c == "_" or c == s[0]:
        return like_match(s[1:], p[1:])
    return False
