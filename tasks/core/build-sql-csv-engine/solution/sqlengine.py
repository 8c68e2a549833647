#!/usr/bin/env python3
"""A small SQL query engine over typed CSV files (reference solution).

Usage: sql DATA_DIR < statements.sql
Each statement (terminated by ';') produces one JSON line on stdout:
{"rows": [[...], ...]} or {"error": "..."}.
"""
import csv
import json
import math
import os
import sys


class SQLError(Exception):
    pass


# ---------------------------------------------------------------- lexer
KEYWORDS = {
    "SELECT", "DISTINCT", "ALL", "FROM", "WHERE", "GROUP", "BY", "HAVING", "ORDER", "ASC", "DESC",
    "LIMIT", "OFFSET", "AS", "JOIN", "INNER", "LEFT", "OUTER", "CROSS", "ON", "AND", "OR", "NOT",
    "NULL", "IS", "IN", "LIKE", "BETWEEN", "CASE", "WHEN", "THEN", "ELSE", "END", "CAST",
}


def tokenize(src):
    toks = []
    i = 0
    n = len(src)
    while i < n:
        c = src[i]
        if c.isspace():
            i += 1
        elif src.startswith("--", i):
            j = src.find("\n", i)
            i = n if j < 0 else j
        elif c.isdigit() or (c == "." and i + 1 < n and src[i + 1].isdigit()):
            j = i
            while j < n and src[j].isdigit():
                j += 1
            is_real = False
            if j < n and src[j] == ".":
                is_real = True
                j += 1
                while j < n and src[j].isdigit():
                    j += 1
            if j < n and src[j] in "eE":
                k = j + 1
                if k < n and src[k] in "+-":
                    k += 1
                if k < n and src[k].isdigit():
                    is_real = True
                    j = k
                    while j < n and src[j].isdigit():
                        j += 1
            text = src[i:j]
            toks.append(("num", float(text) if is_real else int(text)))
            i = j
        elif c == "'":
            j = i + 1
            buf = []
            while True:
                if j >= n:
                    raise SQLError("unterminated string literal")
                if src[j] == "'":
                    if j + 1 < n and src[j + 1] == "'":
                        buf.append("'")
                        j += 2
                        continue
                    break
                buf.append(src[j])
                j += 1
            toks.append(("str", "".join(buf)))
            i = j + 1
        elif c.isalpha() or c == "_":
            j = i
            while j < n and (src[j].isalnum() or src[j] == "_"):
                j += 1
            word = src[i:j]
            if word.upper() in KEYWORDS:
                toks.append(("kw", word.upper()))
            else:
                toks.append(("id", word.lower()))
            i = j
        else:
            for op in ("<>", "<=", ">=", "!=", "==", "||"):
                if src.startswith(op, i):
                    toks.append(("op", op))
                    i += 2
                    break
            else:
                if c in "=<>+-*/%(),.":
                    toks.append(("op", c))
                    i += 1
                else:
                    raise SQLError("unrecognized token: %r" % c)
    toks.append(("eof", None))
    return toks


# ---------------------------------------------------------------- parser
# Expressions are tuples: ("lit", v) ("col", table_or_None, name) ("unary", op, e)
# ("bin", op, a, b) ("not", e) ("isnull", e, negated) ("is", a, b, negated)
# ("in", e, [items], negated) ("like", a, b, negated) ("between", e, lo, hi, negated)
# ("case", base_or_None, [(when, then)], else_or_None) ("func", name, [args], distinct)
# ("star",) inside COUNT(*) ; ("cast", e, type)

AGGREGATES = {"count", "sum", "avg", "min", "max", "total"}


class Parser:
    def __init__(self, toks):
        self.t = toks
        self.i = 0

    def peek(self, k=0):
        return self.t[self.i + k]

    def next(self):
        tok = self.t[self.i]
        self.i += 1
        return tok

    def is_kw(self, *words):
        tok = self.peek()
        return tok[0] == "kw" and tok[1] in words

    def is_op(self, *ops):
        tok = self.peek()
        return tok[0] == "op" and tok[1] in ops

    def accept_kw(self, word):
        if self.is_kw(word):
            self.i += 1
            return True
        return False

    def accept_op(self, op):
        if self.is_op(op):
            self.i += 1
            return True
        return False

    def expect_kw(self, word):
        if not self.accept_kw(word):
            self.error()

    def expect_op(self, op):
        if not self.accept_op(op):
            self.error()

    def error(self):
        tok = self.peek()
        raise SQLError("syntax error near %s" % ("end of input" if tok[0] == "eof" else repr(tok[1])))

    def ident(self):
        tok = self.next()
        if tok[0] != "id":
            self.i -= 1
            self.error()
        return tok[1]

    # query := select [ORDER BY ...] [LIMIT e [OFFSET e]]
    def query(self):
        q = self.select_core()
        q["order"] = []
        if self.accept_kw("ORDER"):
            self.expect_kw("BY")
            while True:
                e = self.expr()
                desc = False
                if self.accept_kw("DESC"):
                    desc = True
                else:
                    self.accept_kw("ASC")
                q["order"].append((e, desc))
                if not self.accept_op(","):
                    break
        q["limit"] = q["offset"] = None
        if self.accept_kw("LIMIT"):
            q["limit"] = self.expr()
            if self.accept_kw("OFFSET"):
                q["offset"] = self.expr()
        return q

    def select_core(self):
        self.expect_kw("SELECT")
        distinct = False
        if self.accept_kw("DISTINCT"):
            distinct = True
        else:
            self.accept_kw("ALL")
        cols = []
        while True:
            if self.is_op("*"):
                self.next()
                cols.append(("*", None))
            elif self.peek()[0] == "id" and self.peek(1) == ("op", ".") and self.peek(2) == ("op", "*"):
                name = self.ident()
                self.next()
                self.next()
                cols.append(("t*", name))
            else:
                e = self.expr()
                alias = None
                if self.accept_kw("AS"):
                    alias = self.ident()
                elif self.peek()[0] == "id":
                    alias = self.ident()
                cols.append(("e", e, alias))
            if not self.accept_op(","):
                break
        frm = None
        if self.accept_kw("FROM"):
            frm = self.from_clause()
        where = self.expr() if self.accept_kw("WHERE") else None
        group = []
        if self.accept_kw("GROUP"):
            self.expect_kw("BY")
            group.append(self.expr())
            while self.accept_op(","):
                group.append(self.expr())
        having = self.expr() if self.accept_kw("HAVING") else None
        return {"distinct": distinct, "cols": cols, "from": frm, "where": where,
                "group": group, "having": having}

    def from_clause(self):
        items = [("first", self.table_ref(), None)]
        while True:
            if self.accept_op(","):
                items.append(("cross", self.table_ref(), None))
            elif self.accept_kw("CROSS"):
                self.expect_kw("JOIN")
                items.append(("cross", self.table_ref(), None))
            elif self.is_kw("JOIN", "INNER", "LEFT"):
                kind = "inner"
                if self.accept_kw("LEFT"):
                    kind = "left"
                    self.accept_kw("OUTER")
                else:
                    self.accept_kw("INNER")
                self.expect_kw("JOIN")
                ref = self.table_ref()
                self.expect_kw("ON")
                items.append((kind, ref, self.expr()))
            else:
                return items

    def table_ref(self):
        if self.accept_op("("):
            sub = self.query()
            self.expect_op(")")
            self.accept_kw("AS")
            alias = self.ident()
            return ("sub", sub, alias)
        name = self.ident()
        alias = name
        if self.accept_kw("AS"):
            alias = self.ident()
        elif self.peek()[0] == "id":
            alias = self.ident()
        return ("table", name, alias)

    # precedence climbing
    def expr(self):
        return self.or_expr()

    def or_expr(self):
        e = self.and_expr()
        while self.accept_kw("OR"):
            e = ("bin", "OR", e, self.and_expr())
        return e

    def and_expr(self):
        e = self.not_expr()
        while self.accept_kw("AND"):
            e = ("bin", "AND", e, self.not_expr())
        return e

    def not_expr(self):
        if self.accept_kw("NOT"):
            return ("not", self.not_expr())
        return self.equality()

    def equality(self):
        e = self.comparison()
        while True:
            if self.is_op("=", "==", "!=", "<>"):
                op = self.next()[1]
                op = {"==": "=", "<>": "!="}.get(op, op)
                e = ("bin", op, e, self.comparison())
            elif self.is_kw("IS"):
                self.next()
                neg = self.accept_kw("NOT")
                if self.accept_kw("NULL"):
                    e = ("isnull", e, neg)
                else:
                    e = ("is", e, self.comparison(), neg)
            else:
                neg = False
                if self.is_kw("NOT") and self.peek(1)[0] == "kw" and self.peek(1)[1] in ("IN", "LIKE", "BETWEEN"):
                    self.next()
                    neg = True
                if self.accept_kw("IN"):
                    self.expect_op("(")
                    items = [self.expr()]
                    while self.accept_op(","):
                        items.append(self.expr())
                    self.expect_op(")")
                    e = ("in", e, items, neg)
                elif self.accept_kw("LIKE"):
                    e = ("like", e, self.comparison(), neg)
                elif self.accept_kw("BETWEEN"):
                    lo = self.comparison()
                    self.expect_kw("AND")
                    hi = self.comparison()
                    e = ("between", e, lo, hi, neg)
                elif neg:
                    self.error()
                else:
                    return e

    def comparison(self):
        e = self.additive()
        while self.is_op("<", "<=", ">", ">="):
            op = self.next()[1]
            e = ("bin", op, e, self.additive())
        return e

    def additive(self):
        e = self.multiplicative()
        while self.is_op("+", "-"):
            op = self.next()[1]
            e = ("bin", op, e, self.multiplicative())
        return e

    def multiplicative(self):
        e = self.concat()
        while self.is_op("*", "/", "%"):
            op = self.next()[1]
            e = ("bin", op, e, self.concat())
        return e

    def concat(self):
        e = self.unary()
        while self.is_op("||"):
            self.next()
            e = ("bin", "||", e, self.unary())
        return e

    def unary(self):
        if self.is_op("-", "+"):
            op = self.next()[1]
            return ("unary", op, self.unary())
        return self.primary()

    def primary(self):
        tok = self.next()
        kind, val = tok
        if kind == "num" or kind == "str":
            return ("lit", val)
        if kind == "kw" and val == "NULL":
            return ("lit", None)
        if kind == "op" and val == "(":
            e = self.expr()
            self.expect_op(")")
            return e
        if kind == "kw" and val == "CASE":
            base = None
            if not self.is_kw("WHEN"):
                base = self.expr()
            whens = []
            while self.accept_kw("WHEN"):
                w = self.expr()
                self.expect_kw("THEN")
                whens.append((w, self.expr()))
            if not whens:
                self.error()
            other = self.expr() if self.accept_kw("ELSE") else None
            self.expect_kw("END")
            return ("case", base, whens, other)
        if kind == "kw" and val == "CAST":
            self.expect_op("(")
            e = self.expr()
            self.expect_kw("AS")
            typ = self.ident().upper()
            if typ not in ("INTEGER", "REAL", "TEXT"):
                raise SQLError("unsupported CAST type " + typ)
            self.expect_op(")")
            return ("cast", e, typ)
        if kind == "id":
            if self.accept_op("("):
                distinct = False
                args = []
                if self.accept_op("*"):
                    args = [("star",)]
                elif not self.is_op(")"):
                    distinct = self.accept_kw("DISTINCT")
                    args.append(self.expr())
                    while self.accept_op(","):
                        args.append(self.expr())
                self.expect_op(")")
                return ("func", val, args, distinct)
            if self.accept_op("."):
                return ("col", val, self.ident())
            return ("col", None, val)
        self.i -= 1
        self.error()


def parse_script(src):
    """Split into statements at top-level ';' (outside string literals)."""
    stmts = []
    buf = []
    in_str = False
    for ch in src:
        if ch == "'":
            in_str = not in_str
        if ch == ";" and not in_str:
            stmts.append("".join(buf))
            buf = []
        else:
            buf.append(ch)
    if "".join(buf).strip():
        stmts.append("".join(buf))
    return [s for s in stmts if s.strip()]


# ---------------------------------------------------------------- values
def type_rank(v):
    if v is None:
        return 0
    if isinstance(v, (int, float)):
        return 1
    return 2


def sort_key(v):
    return (type_rank(v), v if v is not None else 0)


def truth(v):
    """SQL truth value: True, False or None."""
    if v is None:
        return None
    if isinstance(v, str):
        try:
            v = float(v.strip() or "0")
        except ValueError:
            return False
    return v != 0


def compare(a, b):
    """-1/0/1 using SQLite ordering (NULL handled by callers)."""
    ra, rb = type_rank(a), type_rank(b)
    if ra != rb:
        return -1 if ra < rb else 1
    return (a > b) - (a < b)


def num(v):
    if isinstance(v, str):
        try:
            return int(v)
        except ValueError:
            try:
                return float(v)
            except ValueError:
                return 0
    return v


def to_text(v):
    if isinstance(v, float):
        if v == int(v) and abs(v) < 1e15:
            return "%.1f" % v
        return "%.15g" % v
    return str(v)


def arith(op, a, b):
    if a is None or b is None:
        return None
    a, b = num(a), num(b)
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
            return q if (a >= 0) == (b >= 0) else -q
        return a / b
    if op == "%":
        ia, ib = int(a), int(b)
        if ib == 0:
            return None
        r = abs(ia) % abs(ib)
        r = r if ia >= 0 else -r
        return float(r) if isinstance(a, float) or isinstance(b, float) else r
    raise AssertionError(op)


def like(value, pattern):
    """SQLite LIKE: case-insensitive for ASCII, % and _ wildcards."""
    v = value.lower()
    p = pattern.lower()
    # dynamic programming over pattern positions
    states = {0}
    for ch in v:
        nxt = set()
        for s in _closure(p, states):
            if s < len(p) and (p[s] == "_" or (p[s] != "%" and p[s] == ch)):
                nxt.add(s + 1)
            if s < len(p) and p[s] == "%":
                nxt.add(s)
        states = nxt
        if not states:
            return False
    return len(p) in _closure(p, states)


def _closure(p, states):
    out = set(states)
    stack = list(states)
    while stack:
        s = stack.pop()
        if s < len(p) and p[s] == "%" and s + 1 not in out:
            out.add(s + 1)
            stack.append(s + 1)
    return out


def sql_round(v):
    if v is None:
        return None
    v = float(num(v))
    if abs(v) >= 4503599627370496.0:
        return v
    return float(int(v + (0.5 if v >= 0 else -0.5)))


def cast(v, typ):
    if v is None:
        return None
    if typ == "INTEGER":
        if isinstance(v, float):
            return int(v)
        if isinstance(v, str):
            s = v.strip()
            j = 0
            if j < len(s) and s[j] in "+-":
                j += 1
            while j < len(s) and s[j].isdigit():
                j += 1
            try:
                return int(s[:j])
            except ValueError:
                return 0
        return v
    if typ == "REAL":
        if isinstance(v, str):
            try:
                return float(v.strip())
            except ValueError:
                return 0.0
        return float(v)
    return to_text(v)


def substr(s, start, length=None):
    if s is None or start is None:
        return None
    s = to_text(s)
    start = int(num(start))
    if length is None:
        begin = start - 1 if start > 0 else (len(s) + start if start < 0 else 0)
        return s[max(begin, 0):]
    length = int(num(length))
    if start > 0:
        begin = start - 1
    elif start < 0:
        begin = len(s) + start
    else:
        begin = -1
    end = begin + length
    if length < 0:
        begin, end = end, begin
    return s[max(begin, 0):max(end, 0)]


def scalar_func(name, args):
    n = len(args)

    def need(k):
        if n != k:
            raise SQLError("wrong number of arguments to function %s()" % name)
    if name == "abs":
        need(1)
        return None if args[0] is None else abs(num(args[0]))
    if name == "length":
        need(1)
        return None if args[0] is None else len(to_text(args[0]))
    if name == "upper":
        need(1)
        return None if args[0] is None else to_text(args[0]).upper()
    if name == "lower":
        need(1)
        return None if args[0] is None else to_text(args[0]).lower()
    if name == "trim":
        need(1)
        return None if args[0] is None else to_text(args[0]).strip(" ")
    if name == "coalesce":
        if n < 2:
            raise SQLError("wrong number of arguments to function coalesce()")
        for a in args:
            if a is not None:
                return a
        return None
    if name == "ifnull":
        need(2)
        return args[0] if args[0] is not None else args[1]
    if name == "nullif":
        need(2)
        if args[0] is not None and args[1] is not None and compare(args[0], args[1]) == 0:
            return None
        return args[0]
    if name == "round":
        need(1)
        return sql_round(args[0])
    if name == "substr":
        if n not in (2, 3):
            raise SQLError("wrong number of arguments to function substr()")
        if any(a is None for a in args):
            return None
        return substr(*args)
    if name == "replace":
        need(3)
        if any(a is None for a in args):
            return None
        s, old, new = (to_text(a) for a in args)
        return s if old == "" else s.replace(old, new)
    raise SQLError("no such function: %s" % name)


# ---------------------------------------------------------------- aggregates
class Agg:
    def __init__(self, name, distinct, star):
        self.name = name
        self.distinct = distinct
        self.star = star

    def compute(self, values):
        name = self.name
        if self.star:
            return len(values)
        vals = [v for v in values if v is not None]
        if self.distinct:
            seen = []
            keys = set()
            for v in vals:
                k = (type_rank(v), v)
                if k not in keys:
                    keys.add(k)
                    seen.append(v)
            vals = seen
        if name == "count":
            return len(vals)
        if name in ("sum", "total"):
            if not vals:
                return 0.0 if name == "total" else None
            vals = [num(v) for v in vals]
            total = 0
            for v in vals:
                total += v
            return float(total) if name == "total" else total
        if name == "avg":
            if not vals:
                return None
            total = 0.0
            for v in vals:
                total += num(v)
            return total / len(vals)
        if name in ("min", "max"):
            if not vals:
                return None
            best = vals[0]
            for v in vals[1:]:
                c = compare(v, best)
                if (c < 0 and name == "min") or (c > 0 and name == "max"):
                    best = v
            return best
        raise AssertionError(name)


def contains_agg(e):
    if not isinstance(e, tuple):
        return False
    if e[0] == "func" and e[1] in AGGREGATES and not (e[1] in ("min", "max") and len(e[2]) > 1):
        return True
    for part in e[1:]:
        if isinstance(part, tuple) and contains_agg(part):
            return True
        if isinstance(part, list):
            for x in part:
                if isinstance(x, tuple) and (contains_agg(x) or any(
                        isinstance(y, tuple) and contains_agg(y) for y in x if isinstance(x, tuple))):
                    return True
    return False


# ---------------------------------------------------------------- execution
class Relation:
    """columns: list of (qualifier, name); rows: list of tuples."""

    def __init__(self, columns, rows):
        self.columns = columns
        self.rows = rows


class Scope:
    def __init__(self, columns, aliases=None):
        self.columns = columns
        self.aliases = aliases or {}

    def resolve(self, table, name):
        hits = [i for i, (q, c) in enumerate(self.columns)
                if c == name and (table is None or q == table)]
        if not hits:
            raise SQLError("no such column: %s" % (name if table is None else table + "." + name))
        if len(hits) > 1:
            raise SQLError("ambiguous column name: %s" % name)
        return hits[0]

    def refs(self, e):
        """Set of column indexes an expression uses (None if it cannot be resolved)."""
        out = set()

        def walk(x):
            if not isinstance(x, tuple):
                return
            if x[0] == "col":
                out.add(self.resolve(x[1], x[2]))
                return
            for part in x[1:]:
                if isinstance(part, tuple):
                    walk(part)
                elif isinstance(part, list):
                    for y in part:
                        if isinstance(y, tuple) and y and isinstance(y[0], tuple):
                            for z in y:
                                walk(z)
                        else:
                            walk(y)
        walk(e)
        return out


class Engine:
    def __init__(self, data_dir):
        self.data_dir = data_dir
        self.tables = {}

    # -- loading
    def table(self, name):
        if name in self.tables:
            return self.tables[name]
        path = os.path.join(self.data_dir, name + ".csv")
        if not os.path.isfile(path):
            raise SQLError("no such table: %s" % name)
        with open(path, newline="", encoding="utf-8") as f:
            text = f.read()
        records = parse_csv(text)
        header = records[0]
        cols, types = [], []
        for h in header:
            name_, _, typ = h[0].partition(":")
            cols.append(name_.strip().lower())
            types.append(typ.strip().upper() or "TEXT")
        rows = []
        for rec in records[1:]:
            row = []
            for (val, quoted), typ in zip(rec, types):
                if val == "" and not quoted:
                    row.append(None)
                elif typ == "INTEGER":
                    row.append(int(val))
                elif typ == "REAL":
                    row.append(float(val))
                else:
                    row.append(val)
            rows.append(tuple(row))
        self.tables[name] = (cols, rows)
        return cols, rows

    # -- expression compilation: returns f(row) -> value.  For aggregate
    #    contexts, `aggs` collects (Agg, argfn) and aggregate nodes become
    #    lookups into the group's computed aggregate values.
    def compile(self, e, scope, aggs=None):
        kind = e[0]
        if kind == "lit":
            v = e[1]
            return lambda r: v
        if kind == "col":
            if e[1] is None and e[2] in scope.aliases and not _is_column(scope, e[2]):
                # a result-column alias used in WHERE / GROUP BY / HAVING / ORDER BY
                target = scope.aliases.pop(e[2])      # no self-reference
                try:
                    return self.compile(target, scope, aggs)
                finally:
                    scope.aliases[e[2]] = target
            idx = scope.resolve(e[1], e[2])
            return lambda r: r[idx]
        if kind == "unary":
            f = self.compile(e[2], scope, aggs)
            if e[1] == "-":
                return lambda r: (lambda v: None if v is None else -num(v))(f(r))
            return f
        if kind == "bin":
            op = e[1]
            fa = self.compile(e[2], scope, aggs)
            fb = self.compile(e[3], scope, aggs)
            if op == "AND":
                def f_and(r):
                    a = truth(fa(r))
                    if a is False:
                        return 0
                    b = truth(fb(r))
                    if b is False:
                        return 0
                    return None if a is None or b is None else 1
                return f_and
            if op == "OR":
                def f_or(r):
                    a = truth(fa(r))
                    if a is True:
                        return 1
                    b = truth(fb(r))
                    if b is True:
                        return 1
                    return None if a is None or b is None else 0
                return f_or
            if op in ("=", "!=", "<", "<=", ">", ">="):
                test = {"=": lambda c: c == 0, "!=": lambda c: c != 0, "<": lambda c: c < 0,
                        "<=": lambda c: c <= 0, ">": lambda c: c > 0, ">=": lambda c: c >= 0}[op]

                def f_cmp(r):
                    a, b = fa(r), fb(r)
                    if a is None or b is None:
                        return None
                    return 1 if test(compare(a, b)) else 0
                return f_cmp
            if op == "||":
                def f_cat(r):
                    a, b = fa(r), fb(r)
                    if a is None or b is None:
                        return None
                    return to_text(a) + to_text(b)
                return f_cat
            return lambda r: arith(op, fa(r), fb(r))
        if kind == "not":
            f = self.compile(e[1], scope, aggs)

            def f_not(r):
                v = truth(f(r))
                return None if v is None else (0 if v else 1)
            return f_not
        if kind == "isnull":
            f = self.compile(e[1], scope, aggs)
            neg = e[2]
            return lambda r: 1 if (f(r) is None) != neg else 0
        if kind == "is":
            fa = self.compile(e[1], scope, aggs)
            fb = self.compile(e[2], scope, aggs)
            neg = e[3]

            def f_is(r):
                a, b = fa(r), fb(r)
                if a is None or b is None:
                    same = a is None and b is None
                else:
                    same = compare(a, b) == 0
                return 1 if same != neg else 0
            return f_is
        if kind == "in":
            f = self.compile(e[1], scope, aggs)
            items = [self.compile(x, scope, aggs) for x in e[2]]
            neg = e[3]

            def f_in(r):
                v = f(r)
                if v is None:
                    return None
                saw_null = False
                for it in items:
                    w = it(r)
                    if w is None:
                        saw_null = True
                    elif compare(v, w) == 0:
                        return 0 if neg else 1
                if saw_null:
                    return None
                return 1 if neg else 0
            return f_in
        if kind == "like":
            fa = self.compile(e[1], scope, aggs)
            fb = self.compile(e[2], scope, aggs)
            neg = e[3]

            def f_like(r):
                a, b = fa(r), fb(r)
                if a is None or b is None:
                    return None
                return 1 if like(to_text(a), to_text(b)) != neg else 0
            return f_like
        if kind == "between":
            f = self.compile(e[1], scope, aggs)
            lo = self.compile(e[2], scope, aggs)
            hi = self.compile(e[3], scope, aggs)
            neg = e[4]

            def f_between(r):
                v, a, b = f(r), lo(r), hi(r)
                ge = None if v is None or a is None else compare(v, a) >= 0
                le = None if v is None or b is None else compare(v, b) <= 0
                if ge is False or le is False:
                    res = False
                elif ge is None or le is None:
                    return None
                else:
                    res = True
                return 1 if res != neg else 0
            return f_between
        if kind == "case":
            base = self.compile(e[1], scope, aggs) if e[1] is not None else None
            whens = [(self.compile(w, scope, aggs), self.compile(t, scope, aggs)) for w, t in e[2]]
            other = self.compile(e[3], scope, aggs) if e[3] is not None else (lambda r: None)

            def f_case(r):
                if base is not None:
                    b = base(r)
                    for w, t in whens:
                        wv = w(r)
                        if b is not None and wv is not None and compare(b, wv) == 0:
                            return t(r)
                else:
                    for w, t in whens:
                        if truth(w(r)) is True:
                            return t(r)
                return other(r)
            return f_case
        if kind == "cast":
            f = self.compile(e[1], scope, aggs)
            typ = e[2]
            return lambda r: cast(f(r), typ)
        if kind == "func":
            name, args, distinct = e[1], e[2], e[3]
            if name in AGGREGATES and not (name in ("min", "max") and len(args) > 1):
                if aggs is None:
                    raise SQLError("misuse of aggregate function %s()" % name)
                star = bool(args) and args[0] == ("star",)
                if star and name != "count":
                    raise SQLError("wrong number of arguments to function %s()" % name)
                if len(args) != 1:
                    raise SQLError("wrong number of arguments to function %s()" % name)
                argfn = None if star else self.compile(args[0], scope, None)
                slot = len(aggs)
                aggs.append((Agg(name, distinct, star), argfn))
                return lambda r: r[-1][slot]
            if name in ("min", "max"):
                fs = [self.compile(a, scope, aggs) for a in args]

                def f_minmax(r):
                    vals = [f(r) for f in fs]
                    if any(v is None for v in vals):
                        return None
                    best = vals[0]
                    for v in vals[1:]:
                        c = compare(v, best)
                        if (c < 0) == (name == "min") and c != 0:
                            best = v
                    return best
                return f_minmax
            fs = [self.compile(a, scope, aggs) for a in args]
            scalar_func(name, [None] * len(fs)) if name not in (
                "abs", "length", "upper", "lower", "trim", "coalesce", "ifnull", "nullif",
                "round", "substr", "replace") else None
            if name == "coalesce" and len(fs) < 2:
                raise SQLError("wrong number of arguments to function coalesce()")
            return lambda r: scalar_func(name, [f(r) for f in fs])
        if kind == "star":
            raise SQLError("syntax error near '*'")
        raise AssertionError(kind)

    # -- FROM
    def source(self, ref):
        if ref[0] == "table":
            cols, rows = self.table(ref[1])
            return Relation([(ref[2], c) for c in cols], rows)
        names, rows = self.run_query(ref[1])
        return Relation([(ref[2], c) for c in names], rows)

    def build_from(self, items):
        rel = None
        for kind, ref, cond in items:
            right = self.source(ref)
            if rel is None:
                rel = right
                continue
            rel = self.join(rel, right, kind, cond)
        return rel

    def join(self, left, right, kind, cond):
        columns = left.columns + right.columns
        scope = Scope(columns)
        nl = len(left.columns)
        if kind == "cross" or cond is None:
            return Relation(columns, [l + r for l in left.rows for r in right.rows])
        # split ON into conjuncts; find equi-join keys
        conjuncts = []

        def split(e):
            if e[0] == "bin" and e[1] == "AND":
                split(e[2])
                split(e[3])
            else:
                conjuncts.append(e)
        split(cond)
        lkeys, rkeys, rest = [], [], []
        for c in conjuncts:
            if c[0] == "bin" and c[1] == "=":
                ra, rb = scope.refs(c[2]), scope.refs(c[3])
                if ra and rb and max(ra) < nl <= min(rb):
                    lkeys.append(c[2])
                    rkeys.append(c[3])
                    continue
                if ra and rb and max(rb) < nl <= min(ra):
                    lkeys.append(c[3])
                    rkeys.append(c[2])
                    continue
            rest.append(c)
        scope.refs(cond)      # validate all references
        rest_fns = [self.compile(c, scope) for c in rest]
        pad = (None,) * len(right.columns)
        out = []
        if lkeys:
            lscope = Scope(left.columns)
            rscope = Scope(right.columns)
            lf = [self.compile(k, lscope) for k in lkeys]
            rf = [self.compile(k, rscope) for k in rkeys]
            index = {}
            for r in right.rows:
                key = tuple(f(r) for f in rf)
                if any(v is None for v in key):
                    continue
                index.setdefault(tuple(_hkey(v) for v in key), []).append(r)
            for l in left.rows:
                key = tuple(f(l) for f in lf)
                matched = False
                if not any(v is None for v in key):
                    for r in index.get(tuple(_hkey(v) for v in key), ()):
                        row = l + r
                        if all(truth(f(row)) is True for f in rest_fns):
                            out.append(row)
                            matched = True
                if not matched and kind == "left":
                    out.append(l + pad)
        else:
            for l in left.rows:
                matched = False
                for r in right.rows:
                    row = l + r
                    if all(truth(f(row)) is True for f in rest_fns):
                        out.append(row)
                        matched = True
                if not matched and kind == "left":
                    out.append(l + pad)
        return Relation(columns, out)

    # -- SELECT
    def run_query(self, q):
        if q["from"] is not None:
            rel = self.build_from(q["from"])
        else:
            rel = Relation([], [()])
        scope = Scope(rel.columns)
        rows = rel.rows

        # expand select list
        items = []          # (expr, name)
        for col in q["cols"]:
            if col[0] == "*":
                if not rel.columns:
                    raise SQLError("no tables specified")
                for qual, name in rel.columns:
                    items.append((("col", qual, name), name))
            elif col[0] == "t*":
                cols = [(qual, name) for qual, name in rel.columns if qual == col[1]]
                if not cols:
                    raise SQLError("no such table: %s" % col[1])
                for qual, name in cols:
                    items.append((("col", qual, name), name))
            else:
                e, alias = col[1], col[2]
                if alias is None:
                    alias = e[2] if e[0] == "col" else "expr%d" % len(items)
                items.append((e, alias))
        names = [n for _, n in items]
        for col in q["cols"]:
            if col[0] == "e" and col[2] is not None:
                scope.aliases.setdefault(col[2], col[1])
        if q["where"] is not None:
            if contains_agg(q["where"]):
                raise SQLError("misuse of aggregate function in WHERE")
            f = self.compile(q["where"], scope)
            rows = [r for r in rows if truth(f(r)) is True]

        grouped = bool(q["group"]) or any(contains_agg(e) for e, _ in items) or \
            (q["having"] is not None) or any(contains_agg(e) for e, _ in q["order"])
        aggs = [] if grouped else None
        aliases, scope.aliases = scope.aliases, {}     # aliases are not visible in the select list
        out_fns = [self.compile(e, scope, aggs) for e, _ in items]
        scope.aliases = aliases

        # ORDER BY terms: position, output alias, or expression
        order_fns = []
        for e, desc in q["order"]:
            if e[0] == "lit" and isinstance(e[1], int):
                if not 1 <= e[1] <= len(items):
                    raise SQLError("ORDER BY term out of range")
                pos = e[1] - 1
                order_fns.append((("out", pos), desc))
            elif e[0] == "col" and e[1] is None and e[2] in names and not _is_column(scope, e[2]):
                order_fns.append((("out", names.index(e[2])), desc))
            else:
                order_fns.append((("fn", self.compile(e, scope, aggs)), desc))

        if grouped:
            having = self.compile(q["having"], scope, aggs) if q["having"] is not None else None
            group_fns = []
            for g in q["group"]:
                if contains_agg(g):
                    raise SQLError("aggregate functions are not allowed in the GROUP BY clause")
                if g[0] == "lit" and isinstance(g[1], int) and 1 <= g[1] <= len(items):
                    g = items[g[1] - 1][0]
                elif g[0] == "col" and g[1] is None and g[2] in names and not _is_column(scope, g[2]):
                    g = items[names.index(g[2])][0]
                group_fns.append(self.compile(g, scope))
            groups = {}
            order = []
            for r in rows:
                key = tuple(_hkey(f(r)) for f in group_fns)
                if key not in groups:
                    groups[key] = []
                    order.append(key)
                groups[key].append(r)
            if not q["group"] and not order:
                order = [()]
                groups[()] = []
            contexts = []
            for key in order:
                grows = groups[key]
                values = []
                for agg, argfn in aggs:
                    vals = [None] * len(grows) if argfn is None else [argfn(r) for r in grows]
                    values.append(agg.compute(vals))
                base = grows[-1] if grows else (None,) * len(rel.columns)
                ctx = base + (values,)
                if having is not None and truth(having(ctx)) is not True:
                    continue
                contexts.append(ctx)
        else:
            contexts = rows

        results = []
        for ctx in contexts:
            out = tuple(f(ctx) for f in out_fns)
            keys = []
            for (kind, x), desc in order_fns:
                keys.append(out[x] if kind == "out" else x(ctx))
            results.append((out, keys))

        if q["distinct"]:
            seen = set()
            uniq = []
            for out, keys in results:
                k = tuple(_hkey(v) for v in out)
                if k not in seen:
                    seen.add(k)
                    uniq.append((out, keys))
            results = uniq

        if order_fns:
            import functools

            def cmp(a, b):
                for (_, desc), x, y in zip(order_fns, a[1], b[1]):
                    if x is None and y is None:
                        c = 0
                    elif x is None:
                        c = -1
                    elif y is None:
                        c = 1
                    else:
                        c = compare(x, y)
                    if c:
                        return -c if desc else c
                return 0
            results.sort(key=functools.cmp_to_key(cmp))

        out_rows = [r for r, _ in results]
        if q["limit"] is not None:
            limit = self.compile(q["limit"], Scope([]))(())
            offset = self.compile(q["offset"], Scope([]))(()) if q["offset"] is not None else 0
            offset = max(int(offset or 0), 0)
            out_rows = out_rows[offset:]
            if limit is not None and int(limit) >= 0:
                out_rows = out_rows[:int(limit)]
        return names, out_rows


def _is_column(scope, name):
    return any(c == name for _, c in scope.columns)


def _hkey(v):
    """Hashable key where 1 and 1.0 coincide but 1 and '1' do not."""
    return (type_rank(v), v)


def parse_csv(text):
    """RFC 4180 parser. Returns records of (value, was_quoted) pairs."""
    records = []
    rec = []
    field = []
    quoted = False
    i = 0
    n = len(text)
    at_field_start = True
    while i < n:
        c = text[i]
        if at_field_start and c == '"':
            quoted = True
            at_field_start = False
            i += 1
            while True:
                if i >= n:
                    raise SQLError("unterminated quoted field in CSV")
                if text[i] == '"':
                    if i + 1 < n and text[i + 1] == '"':
                        field.append('"')
                        i += 2
                        continue
                    i += 1
                    break
                field.append(text[i])
                i += 1
            continue
        at_field_start = False
        if c == ",":
            rec.append(("".join(field), quoted))
            field, quoted, at_field_start = [], False, True
            i += 1
        elif c == "\n" or c == "\r":
            if c == "\r" and i + 1 < n and text[i + 1] == "\n":
                i += 1
            rec.append(("".join(field), quoted))
            records.append(rec)
            rec, field, quoted, at_field_start = [], [], False, True
            i += 1
        else:
            field.append(c)
            i += 1
    if field or quoted or rec:
        rec.append(("".join(field), quoted))
        records.append(rec)
    return records


def encode(v):
    if isinstance(v, float):
        if math.isnan(v) or math.isinf(v):
            return None
        return v
    return v


def main():
    if len(sys.argv) != 2:
        print("usage: sql DATA_DIR < statements.sql", file=sys.stderr)
        return 2
    engine = Engine(sys.argv[1])
    src = sys.stdin.read()
    out = sys.stdout
    for stmt in parse_script(src):
        try:
            p = Parser(tokenize(stmt))
            q = p.query()
            if p.peek()[0] != "eof":
                p.error()
            _, rows = engine.run_query(q)
            out.write(json.dumps({"rows": [[encode(v) for v in r] for r in rows]}) + "\n")
        except SQLError as e:
            out.write(json.dumps({"error": str(e)}) + "\n")
        except RecursionError:
            out.write(json.dumps({"error": "query too complex"}) + "\n")
        out.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
