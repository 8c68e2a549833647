"""Table operations."""
import re

from .table import Table

AGGS = ("count", "sum", "mean", "min", "max")
_WHERE = re.compile(r"^([^=!<>]+)(!=|=|<|>)(.*)$")


def _num(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def parse_where(expr):
    m = _WHERE.match(expr)
    if not m:
        raise ValueError(f"bad --where expression {expr!r}")
    return m.group(1), m.group(2), m.group(3)


def where(table, exprs):
    from .reader import parse_cell
    preds = []
    for e in exprs:
        col, op, raw = parse_where(e)
        preds.append((table.index(col), op, raw, parse_cell(raw)))

    def ok(row):
        for i, op, raw, val in preds:
            v = row[i]
            if op in ("=", "!="):
                same = (v == val) if (_num(v) and _num(val)) else (("" if v is None else str(v)) == raw)
                if same != (op == "="):
                    return False
            else:
                if v is None:
                    return False
                if _num(v) and _num(val):
                    a, b = v, val
                else:
                    a, b = str(v), raw
                if not (a < b if op == "<" else a > b):
                    return False
        return True

    return Table(table.columns, [r for r in table.rows if ok(r)])


def parse_agg(spec):
    col, sep, func = spec.rpartition(":")
    if not sep or func not in AGGS or not col:
        raise ValueError(f"bad --agg {spec!r} (use col:func, func one of {', '.join(AGGS)})")
    if col == "*" and func != "count":
        raise ValueError("only count can be used with *")
    return col, func


def _aggregate(func, values):
    if func == "count":
        return len(values)
    vals = [v for v in values if v is not None]
    if func in ("sum", "mean"):
        vals = [v for v in vals if _num(v)]
        if not vals:
            return None
        s = sum(vals)
        return s if func == "sum" else s / len(vals)
    if not vals:
        return None
    if all(_num(v) for v in vals):
        return min(vals) if func == "min" else max(vals)
    vals = [str(v) for v in vals]
    return min(vals) if func == "min" else max(vals)


def group(table, keys, aggs):
    key_idx = [table.index(k) for k in keys]
    specs = [parse_agg(a) for a in aggs]
    groups = {}
    for row in table.rows:
        groups.setdefault(tuple(row[i] for i in key_idx), []).append(row)
    columns = list(keys)
    for col, func in specs:
        columns.append("count" if col == "*" else f"{col}_{func}")
    rows = []
    for key, members in groups.items():
        out = list(key)
        for col, func in specs:
            values = members if col == "*" else [r[table.index(col)] for r in members]
            out.append(_aggregate(func, values))
        rows.append(out)
    return Table(columns, rows)


def sort(table, spec):
    rows = list(table.rows)
    for part in reversed([p.strip() for p in spec.split(",") if p.strip()]):
        desc = part.startswith("-")
        i = table.index(part.lstrip("-"))
        present = [r for r in rows if r[i] is not None]
        missing = [r for r in rows if r[i] is None]
        if all(_num(r[i]) for r in present):
            present.sort(key=lambda r: r[i], reverse=desc)
        else:
            present.sort(key=lambda r: str(r[i]), reverse=desc)
        rows = present + missing
    return Table(table.columns, rows)


def select(table, names):
    idx = [table.index(n) for n in names]
    return Table(names, [[r[i] for i in idx] for r in table.rows])


def limit(table, n):
    return Table(table.columns, table.rows[:n])
