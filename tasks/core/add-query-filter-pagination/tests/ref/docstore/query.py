"""Query support for docstore (reference solution)."""
from .errors import QueryError
from .paths import MISSING, get_path


class Page:
    def __init__(self, items, total, offset, limit):
        self.items = items
        self.total = total
        self.offset = offset
        self.limit = limit
        self.has_more = offset + len(items) < total
        self.next_offset = offset + len(items) if self.has_more else None

    def __repr__(self):
        return f"Page(total={self.total}, offset={self.offset}, n={len(self.items)})"


def _num(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _comparable(v, x):
    return (_num(v) and _num(x)) or (isinstance(v, str) and isinstance(x, str))


def _op(op, v, x):
    present = v is not MISSING
    if op == "eq":
        return present and v == x
    if op == "ne":
        return not present or v != x
    if op in ("lt", "lte", "gt", "gte"):
        if not present or not _comparable(v, x):
            return False
        return {"lt": v < x, "lte": v <= x, "gt": v > x, "gte": v >= x}[op]
    if op == "in":
        return present and any(v == e for e in x)
    if op == "nin":
        return not present or all(v != e for e in x)
    if op == "contains":
        if isinstance(v, str) and isinstance(x, str):
            return x in v
        if isinstance(v, list):
            return any(e == x for e in v)
        return False
    if op == "startswith":
        return isinstance(v, str) and isinstance(x, str) and v.startswith(x)
    if op == "exists":
        return present if x else not present
    raise QueryError(f"unknown operator {op!r}")


OPS = {"eq", "ne", "lt", "lte", "gt", "gte", "in", "nin", "contains", "startswith", "exists"}


def compile_where(where):
    if where is None:
        return []
    if not isinstance(where, dict):
        raise QueryError("where must be a dict")
    conds = []
    for path, cond in where.items():
        if not isinstance(path, str) or not path:
            raise QueryError(f"bad field path {path!r}")
        ops = cond if isinstance(cond, dict) else {"eq": cond}
        for op, x in ops.items():
            if op not in OPS:
                raise QueryError(f"unknown operator {op!r}")
            if op in ("in", "nin") and not isinstance(x, (list, tuple, set)):
                raise QueryError(f"{op} needs a list")
            if op == "exists" and not isinstance(x, bool):
                raise QueryError("exists needs a bool")
            conds.append((path, op, x))
    return conds


def matches(doc, conds):
    return all(_op(op, get_path(doc, path), x) for path, op, x in conds)


def compile_order(order_by):
    if order_by is None:
        return []
    keys = [order_by] if isinstance(order_by, str) else order_by
    if not isinstance(keys, list):
        raise QueryError("order_by must be a string or a list of strings")
    out = []
    for k in keys:
        if not isinstance(k, str):
            raise QueryError(f"bad order key {k!r}")
        desc = k.startswith("-")
        path = k[1:] if desc else k
        if not path:
            raise QueryError(f"bad order key {k!r}")
        out.append((path, desc))
    return out


def order(docs, keys):
    docs = sorted(docs, key=lambda d: d["_id"])
    for path, desc in reversed(keys):
        present = [d for d in docs if get_path(d, path) is not MISSING]
        missing = [d for d in docs if get_path(d, path) is MISSING]
        present.sort(key=lambda d: get_path(d, path), reverse=desc)
        docs = present + missing
    return docs


def check_int(name, v, allow_none):
    if v is None and allow_none:
        return
    if isinstance(v, bool) or not isinstance(v, int) or v < 0:
        raise QueryError(f"bad {name}: {v!r}")
