"""Fast executor: compiles the syntax tree into Python closures once per query.

Rows are tuples laid out as the concatenation of the FROM tables' columns; columns are resolved
to (depth, index) at compile time. Equality conditions on a table column use hash indexes (joins,
correlated subqueries, lookups), uncorrelated subqueries run once per statement, grouping and
DISTINCT use dicts/sets, ORDER BY precomputes keys. Results are identical to the reference
tree-walking executor, including row order.
"""
import re

from . import ast as A
from .binder import children, has_aggregate
from .errors import SQLError
from .values import arith, like_match, sort_key, to_bool, to_text  # noqa: F401

_STR = str


def rank(v):
    if v is None:
        return 0
    if v.__class__ is _STR:
        return 2
    return 1


def _mixed_cmp(a, b):
    ra, rb = rank(a), rank(b)
    return -1 if ra < rb else 1


def _tb(v):
    if v is None:
        return None
    if v.__class__ is _STR:
        return False
    if v is True or v is False:
        return v
    return v != 0


_LIKE_CACHE = {}


def like_regex(p):
    r = _LIKE_CACHE.get(p)
    if r is None:
        out = []
        for ch in p:
            if ch == "%":
                out.append(".*")
            elif ch == "_":
                out.append(".")
            else:
                out.append(re.escape(ch))
        r = re.compile("".join(out), re.DOTALL).fullmatch
        _LIKE_CACHE[p] = r
    return r


class Frame:
    """One query level: alias -> (offset, column list)."""

    def __init__(self, layout):
        self.layout = layout            # list of (alias, offset, columns)
        self.width = sum(len(c) for _, _, c in layout)


class Compiler:
    def __init__(self, db):
        self.db = db
        self.frames = []                # innermost last
        self.used = []                  # stack of sets of absolute frame levels referenced
        self.aggs = None                # (aggregate list, row width) while compiling post-group exprs

    # -- name resolution -------------------------------------------------------------------------
    def resolve(self, col, frames=None):
        frames = self.frames if frames is None else frames
        n = len(frames)
        for level in range(n - 1, -1, -1):
            fr = frames[level]
            if col.table is not None:
                for alias, off, cols in fr.layout:
                    if alias == col.table:
                        if col.name not in cols:
                            raise SQLError(f"unknown column {col.table}.{col.name}")
                        return level, off + cols.index(col.name)
                continue
            hits = [(off, cols) for alias, off, cols in fr.layout if col.name in cols]
            if len(hits) > 1:
                raise SQLError(f"ambiguous column {col.name}")
            if hits:
                off, cols = hits[0]
                return level, off + cols.index(col.name)
        raise SQLError(f"unknown column {col.name}")

    def note_level(self, level):
        for s in self.used:
            s.add(level)

    # -- queries ---------------------------------------------------------------------------------
    def compile_query(self, sel):
        """Returns run(env) -> list of tuples. env: tuple of enclosing rows, innermost first."""
        db = self.db
        layout, off = [], 0
        for item in sel.from_:
            cols = db.tables[item.table].columns
            layout.append((item.alias, off, cols))
            off += len(cols)
        width = off
        level = len(self.frames)

        # Joins: compile ON conditions against the prefix frame of tables joined so far.
        steps = []
        for k, item in enumerate(sel.from_):
            table = item.table
            if k == 0:
                continue
            prefix = Frame(layout[:k + 1])
            self.frames.append(prefix)
            try:
                on = self.compile_bool(item.on) if item.on is not None else None
                probe = None
                if item.on is not None:
                    probe = self.find_equi(item.on, layout[k], level, allow_depth0=True)
            finally:
                self.frames.pop()
            steps.append((table, len(layout[k][2]), item.join, on, probe))

        frame = Frame(layout)
        self.frames.append(frame)
        try:
            where = self.compile_bool(sel.where) if sel.where is not None else None
            first_probe = None
            if sel.where is not None:
                first_probe = self.find_equi(sel.where, layout[0], level, allow_depth0=False)

            items = sel.items
            aggregate = bool(sel.group_by) or any(has_aggregate(e) for e, _ in (items or [])) \
                or (sel.having is not None and has_aggregate(sel.having)) \
                or any(has_aggregate(e) for e, _ in sel.order_by)

            aggs = []
            self.aggs = None
            group_fns = [self.compile(g) for g in sel.group_by]
            if aggregate:
                self.aggs = (aggs, width)
            item_fns = [self.compile(e) for e, _ in items] if items is not None else None
            having = self.compile_bool(sel.having) if sel.having is not None else None
            aliases = {a: i for i, (_, a) in enumerate(items or []) if a}
            order = []
            for e, desc in sel.order_by:
                if isinstance(e, A.Literal) and isinstance(e.value, int) and not isinstance(e.value, bool):
                    order.append(("pos", e.value - 1, desc))
                elif isinstance(e, A.Column) and e.table is None and e.name in aliases:
                    order.append(("pos", aliases[e.name], desc))
                else:
                    order.append(("expr", self.compile(e), desc))
            self.aggs = None
        finally:
            self.frames.pop()

        first_table = sel.from_[0].table
        distinct, limit = sel.distinct, sel.limit
        null_row = (None,) * width

        def source(env):
            if first_probe is not None:
                col, keyfn = first_probe
                key = keyfn(None, env)
                rows = [] if key is None else db.index(first_table, col).get(key, ())
            else:
                rows = db.tuples(first_table)
            for table, w, kind, on, probe in steps:
                trows = db.tuples(table)
                out = []
                append = out.append
                nulls = (None,) * w
                if probe is not None:
                    col, keyfn = probe
                    idx = db.index(table, col)
                    get = idx.get
                    for left in rows:
                        key = keyfn(left, env)
                        matched = False
                        if key is not None:
                            for t in get(key, ()):
                                r = left + t
                                if on(r, env) is True:
                                    append(r)
                                    matched = True
                        if kind == "LEFT" and not matched:
                            append(left + nulls)
                else:
                    for left in rows:
                        matched = False
                        for t in trows:
                            r = left + t
                            if on is None or on(r, env) is True:
                                append(r)
                                matched = True
                        if kind == "LEFT" and not matched:
                            append(left + nulls)
                rows = out
            return rows

        def run(env):
            rows = source(env)
            if where is not None:
                rows = [r for r in rows if where(r, env) is True]
            if aggregate:
                if group_fns:
                    groups = {}
                    if len(group_fns) == 1:
                        g0 = group_fns[0]
                        for r in rows:
                            key = (g0(r, env),)
                            lst = groups.get(key)
                            if lst is None:
                                groups[key] = [r]
                            else:
                                lst.append(r)
                    else:
                        for r in rows:
                            key = tuple([g(r, env) for g in group_fns])
                            lst = groups.get(key)
                            if lst is None:
                                groups[key] = [r]
                            else:
                                lst.append(r)
                    glists = list(groups.values())
                else:
                    glists = [rows]
                ext = []
                for grp in glists:
                    base = grp[0] if grp else null_row
                    ext.append(base + tuple([agg(grp, env) for agg in aggs]))
                rows = ext
                if having is not None:
                    rows = [r for r in rows if having(r, env) is True]
            if item_fns is None:
                outs = [r[:width] for r in rows] if aggregate else rows
            elif len(item_fns) == 1:
                f0 = item_fns[0]
                outs = [(f0(r, env),) for r in rows]
            else:
                outs = [tuple([f(r, env) for f in item_fns]) for r in rows]
            if order:
                idxs = list(range(len(outs)))
                for kind, x, desc in reversed(order):
                    if kind == "pos":
                        keys = [sort_key(o[x]) for o in outs]
                    else:
                        keys = [sort_key(x(r, env)) for r in rows]
                    idxs.sort(key=keys.__getitem__, reverse=desc)
                outs = [outs[i] for i in idxs]
            if distinct:
                seen = set()
                uniq = []
                for o in outs:
                    if o not in seen:
                        seen.add(o)
                        uniq.append(o)
                outs = uniq
            if limit is not None:
                outs = outs[:limit]
            return outs

        return run

    def find_equi(self, cond, target, level, allow_depth0):
        """Find a conjunct `target.col = expr` where expr does not read the target table (and, for
        WHERE lookups, nothing of the current row). Returns (column, keyfn) or None."""
        alias, off, cols = target
        conj = []

        def split(e):
            if isinstance(e, A.Binary) and e.op == "AND":
                split(e.left)
                split(e.right)
            else:
                conj.append(e)
        split(cond)
        for c in conj:
            if not (isinstance(c, A.Binary) and c.op == "="):
                continue
            for col, other in ((c.left, c.right), (c.right, c.left)):
                if not isinstance(col, A.Column):
                    continue
                lv, idx = self.resolve(col)
                if lv != level or not off <= idx < off + len(cols):
                    continue
                if not self.simple_key(other, level, off, allow_depth0):
                    continue
                keyfn = self.compile(other)
                return cols[idx - off], self.normalize_key(keyfn)
        return None

    def normalize_key(self, keyfn):
        # '=' matches numbers with numbers and text with text; Python dict lookups agree
        # (1 == 1.0 == True hash alike, 1 != '1').
        return keyfn

    def simple_key(self, e, level, off, allow_depth0):
        if isinstance(e, A.Literal):
            return True
        if isinstance(e, A.Column):
            lv, idx = self.resolve(e)
            if lv < level:
                return True
            return allow_depth0 and lv == level and idx < off
        return False

    # -- expressions -----------------------------------------------------------------------------
    def compile_bool(self, e):
        if isinstance(e, (A.Binary,)) and e.op in ("AND", "OR", "=", "!=", "<", "<=", ">", ">="):
            return self.compile(e)
        if isinstance(e, (A.IsNull, A.Like, A.InList, A.InQuery, A.Between, A.Exists)):
            return self.compile(e)
        if isinstance(e, A.Unary) and e.op == "NOT":
            return self.compile(e)
        f = self.compile(e)
        return lambda row, env: _tb(f(row, env))

    def compile(self, e):
        m = getattr(self, "c_" + type(e).__name__)
        return m(e)

    def c_Literal(self, e):
        v = e.value
        return lambda row, env: v

    def c_Column(self, e):
        level, idx = self.resolve(e)
        self.note_level(level)
        depth = len(self.frames) - 1 - level
        if depth == 0:
            return lambda row, env: row[idx]
        d = depth - 1
        return lambda row, env: env[d][idx]

    def c_Unary(self, e):
        f = self.compile(e.operand)
        if e.op == "NOT":
            def g(row, env):
                b = _tb(f(row, env))
                return None if b is None else not b
            return g

        def neg(row, env):
            v = f(row, env)
            if v is None:
                return None
            if v.__class__ is _STR:
                raise SQLError(f"cannot negate text {v!r}")
            return -v
        return neg

    def c_Binary(self, e):
        op = e.op
        lf = self.compile(e.left)
        rf = self.compile(e.right)
        if op == "AND":
            def f_and(row, env):
                a = _tb(lf(row, env))
                if a is False:
                    return False
                b = _tb(rf(row, env))
                if b is False:
                    return False
                if a is None or b is None:
                    return None
                return True
            return f_and
        if op == "OR":
            def f_or(row, env):
                a = _tb(lf(row, env))
                if a is True:
                    return True
                b = _tb(rf(row, env))
                if b is True:
                    return True
                if a is None or b is None:
                    return None
                return False
            return f_or
        if op == "||":
            def f_cat(row, env):
                a = lf(row, env)
                b = rf(row, env)
                if a is None or b is None:
                    return None
                return to_text(a) + to_text(b)
            return f_cat
        if op in ("=", "!="):
            want = op == "="
            if isinstance(e.right, A.Literal) and e.right.value is not None:
                c = e.right.value
                cstr = c.__class__ is _STR

                def f_eqc(row, env):
                    a = lf(row, env)
                    if a is None:
                        return None
                    if (a.__class__ is _STR) != cstr:
                        return not want
                    return (a == c) == want
                return f_eqc

            def f_eq(row, env):
                a = lf(row, env)
                b = rf(row, env)
                if a is None or b is None:
                    return None
                if (a.__class__ is _STR) != (b.__class__ is _STR):
                    return not want
                return (a == b) == want
            return f_eq
        if op in ("<", "<=", ">", ">="):
            import operator
            pyop = {"<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge}[op]

            def f_cmp(row, env):
                a = lf(row, env)
                b = rf(row, env)
                if a is None or b is None:
                    return None
                if (a.__class__ is _STR) != (b.__class__ is _STR):
                    return pyop(_mixed_cmp(a, b), 0)
                return pyop(a, b)
            return f_cmp
        if op in ("+", "-", "*"):
            import operator
            pyop = {"+": operator.add, "-": operator.sub, "*": operator.mul}[op]

            def f_arith(row, env):
                a = lf(row, env)
                b = rf(row, env)
                if a is None or b is None:
                    return None
                if a.__class__ is _STR or b.__class__ is _STR:
                    return arith(op, a, b)
                return pyop(a, b)
            return f_arith
        if op == "%":
            def f_mod(row, env):
                a = lf(row, env)
                b = rf(row, env)
                if a.__class__ is int and b.__class__ is int and a >= 0 and b > 0:
                    return a % b
                return arith("%", a, b)
            return f_mod
        return lambda row, env: arith(op, lf(row, env), rf(row, env))

    def c_IsNull(self, e):
        f = self.compile(e.operand)
        if e.negated:
            return lambda row, env: f(row, env) is not None
        return lambda row, env: f(row, env) is None

    def c_Like(self, e):
        f = self.compile(e.operand)
        neg = e.negated
        if isinstance(e.pattern, A.Literal) and e.pattern.value is not None:
            match = like_regex(to_text(e.pattern.value))

            def g(row, env):
                v = f(row, env)
                if v is None:
                    return None
                m = match(v if v.__class__ is _STR else to_text(v)) is not None
                return (not m) if neg else m
            return g
        pf = self.compile(e.pattern)

        def h(row, env):
            v = f(row, env)
            p = pf(row, env)
            if v is None or p is None:
                return None
            m = like_regex(to_text(p))(to_text(v)) is not None
            return (not m) if neg else m
        return h

    @staticmethod
    def _membership(v, values, has_null, neg):
        if v is None:
            return None
        if v in values:
            return not neg
        if has_null:
            return None
        return neg

    @staticmethod
    def _make_set(vals):
        """Partition candidate values into (number set, text set, has_null)."""
        has_null = False
        s = set()
        for c in vals:
            if c is None:
                has_null = True
            else:
                s.add((c.__class__ is _STR, c))
        return s, has_null

    def c_InList(self, e):
        f = self.compile(e.operand)
        neg = e.negated
        if all(isinstance(x, A.Literal) for x in e.items):
            s, has_null = self._make_set([x.value for x in e.items])

            def g(row, env):
                v = f(row, env)
                if v is None:
                    return None
                if (v.__class__ is _STR, v) in s:
                    return not neg
                return None if has_null else neg
            return g
        fs = [self.compile(x) for x in e.items]

        def h(row, env):
            v = f(row, env)
            if v is None:
                return None
            s, has_null = self._make_set([x(row, env) for x in fs])
            if (v.__class__ is _STR, v) in s:
                return not neg
            return None if has_null else neg
        return h

    def compile_subquery(self, q):
        level = len(self.frames)
        self.used.append(set())
        saved = self.aggs
        self.aggs = None
        try:
            run = self.compile_query(q)
        finally:
            used = self.used.pop()
            self.aggs = saved
        correlated = any(lv < level for lv in used)
        return run, correlated

    def c_InQuery(self, e):
        f = self.compile(e.operand)
        run, correlated = self.compile_subquery(e.query)
        neg = e.negated
        cache = []

        def g(row, env):
            v = f(row, env)
            if correlated:
                s, has_null = self._make_set([r[0] for r in run((row,) + env)])
            else:
                if not cache:
                    cache.append(self._make_set([r[0] for r in run((row,) + env)]))
                s, has_null = cache[0]
            if v is None:
                return None
            if (v.__class__ is _STR, v) in s:
                return not neg
            return None if has_null else neg
        return g

    def c_Between(self, e):
        f, lo, hi = self.compile(e.operand), self.compile(e.low), self.compile(e.high)
        neg = e.negated

        def cmpv(a, b):
            if (a.__class__ is _STR) != (b.__class__ is _STR):
                return _mixed_cmp(a, b)
            return -1 if a < b else (1 if a > b else 0)

        def g(row, env):
            v = f(row, env)
            a = lo(row, env)
            b = hi(row, env)
            ge = None if v is None or a is None else cmpv(v, a) >= 0
            le = None if v is None or b is None else cmpv(v, b) <= 0
            if ge is False or le is False:
                r = False
            elif ge is None or le is None:
                return None
            else:
                r = True
            return (not r) if neg else r
        return g

    def c_Case(self, e):
        whens = [(self.compile(c), self.compile(v)) for c, v in e.whens]
        default = self.compile(e.default) if e.default is not None else None

        def g(row, env):
            for c, v in whens:
                if _tb(c(row, env)) is True:
                    return v(row, env)
            if default is not None:
                return default(row, env)
            return None
        return g

    def c_Subquery(self, e):
        run, correlated = self.compile_subquery(e.query)
        cache = []

        def value(rows):
            if not rows:
                return None
            if len(rows) > 1:
                raise SQLError("scalar subquery returned more than one row")
            return rows[0][0]

        def g(row, env):
            if correlated:
                return value(run((row,) + env))
            if not cache:
                cache.append(value(run((row,) + env)))
            return cache[0]
        return g

    def c_Exists(self, e):
        run, correlated = self.compile_subquery(e.query)
        neg = e.negated
        cache = []

        def g(row, env):
            if correlated:
                rows = run((row,) + env)
            else:
                if not cache:
                    cache.append(run((row,) + env))
                rows = cache[0]
            return (not rows) if neg else bool(rows)
        return g

    def c_Func(self, e):
        if e.name in A.AGGREGATES:
            if self.aggs is None:
                raise SQLError(f"aggregate {e.name} outside of an aggregate query")
            aggs, width = self.aggs
            self.aggs = None           # arguments are evaluated per input row
            try:
                arg = self.compile(e.args[0]) if not e.star else None
            finally:
                self.aggs = (aggs, width)
            aggs.append(self.make_agg(e, arg))
            slot = width + len(aggs) - 1
            return lambda row, env: row[slot]
        fs = [self.compile(a) for a in e.args]
        name = e.name
        if name == "COALESCE":
            def coalesce(row, env):
                for f in fs:
                    v = f(row, env)
                    if v is not None:
                        return v
                return None
            return coalesce
        f0 = fs[0]
        if name in ("LOWER", "UPPER", "LENGTH"):
            fn = {"LOWER": lambda s: s.lower(), "UPPER": lambda s: s.upper(), "LENGTH": len}[name]

            def g(row, env):
                v = f0(row, env)
                if v is None:
                    return None
                return fn(to_text(v))
            return g

        if name == "ABS":
            def f_abs(row, env):
                v = f0(row, env)
                if v is None:
                    return None
                if v.__class__ is _STR:
                    raise SQLError("ABS of text")
                return abs(v)
            return f_abs
        if name == "SUBSTR" and len(fs) == 3 and isinstance(e.args[1], A.Literal) \
                and isinstance(e.args[2], A.Literal) and e.args[1].value is not None \
                and e.args[2].value is not None:
            start = max(int(e.args[1].value) - 1, 0)
            stop = start + max(int(e.args[2].value), 0)

            def f_substr(row, env):
                v = f0(row, env)
                if v is None:
                    return None
                return to_text(v)[start:stop]
            return f_substr

        def generic(row, env):
            args = [f(row, env) for f in fs]
            if args[0] is None:
                return None
            if name == "ABS":
                if isinstance(args[0], str):
                    raise SQLError("ABS of text")
                return abs(args[0])
            if name == "ROUND":
                if isinstance(args[0], str):
                    raise SQLError("ROUND of text")
                digits = args[1] if len(args) > 1 else 0
                if digits is None:
                    return None
                return float(round(args[0], int(digits)))
            if name == "SUBSTR":
                s = to_text(args[0])
                if args[1] is None or (len(args) > 2 and args[2] is None):
                    return None
                start = max(int(args[1]) - 1, 0)
                if len(args) > 2:
                    return s[start:start + max(int(args[2]), 0)]
                return s[start:]
            raise SQLError(f"unknown function {name}")
        return generic

    @staticmethod
    def make_agg(e, arg):
        name, distinct = e.name, e.distinct
        if e.star:
            return lambda grp, env: len(grp)

        def agg(grp, env):
            values = []
            for r in grp:
                v = arg(r, env)
                if v is not None:
                    values.append(v)
            if distinct:
                values = list(dict.fromkeys(values))
            if name == "COUNT":
                return len(values)
            if not values:
                return None
            if name == "SUM" or name == "AVG":
                total = 0
                for v in values:
                    if v.__class__ is _STR:
                        raise SQLError(f"{name} of text")
                    total = total + v
                return total if name == "SUM" else total / len(values)
            best = values[0]
            kb = sort_key(best)
            if name == "MIN":
                for v in values:
                    k = sort_key(v)
                    if k < kb:
                        best, kb = v, k
            else:
                for v in values:
                    k = sort_key(v)
                    if k > kb:
                        best, kb = v, k
            return best
        return agg


class Executor:
    def __init__(self, db):
        self.db = db

    def run(self, select):
        return Compiler(self.db).compile_query(select)(())
