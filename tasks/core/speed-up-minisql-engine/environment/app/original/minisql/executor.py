"""Query executor: a straightforward tree-walking evaluator.

A row is a dict mapping (table alias, column name) to a value. An Env is the row being
evaluated plus the enclosing query's Env (for correlated subqueries) and, in aggregate queries,
the list of rows in the current group.
"""
import functools

from . import ast as A
from .binder import children, from_columns, has_aggregate
from .errors import SQLError
from .values import arith, compare, like_match, sort_key, to_bool, to_text


class Env:
    def __init__(self, row, parent=None, group=None):
        self.row = row
        self.parent = parent
        self.group = group


class Executor:
    def __init__(self, db):
        self.db = db

    # -- queries ---------------------------------------------------------------------------------
    def run(self, select, outer=None):
        rows = self.scan_from(select, outer)
        if select.where is not None:
            rows = [r for r in rows if to_bool(self.eval(select.where, Env(r, outer))) is True]

        exprs = [e for e, _ in select.items] if select.items is not None else []
        aggregate = bool(select.group_by) or any(has_aggregate(e) for e in exprs) \
            or (select.having is not None and has_aggregate(select.having)) \
            or any(has_aggregate(e) for e, _ in select.order_by)

        if aggregate:
            groups = []
            for r in rows:
                key = tuple(self.eval(g, Env(r, outer)) for g in select.group_by)
                for g in groups:
                    if g[0] == key:
                        g[1].append(r)
                        break
                else:
                    groups.append([key, [r]])
            if not select.group_by and not groups:
                groups.append([(), []])
            null_row = {k: None for k in from_columns(self.db, select)}
            envs = [Env(g[1][0] if g[1] else null_row, outer, g[1]) for g in groups]
            if select.having is not None:
                envs = [e for e in envs if to_bool(self.eval(select.having, e)) is True]
        else:
            envs = [Env(r, outer) for r in rows]

        out = []
        for env in envs:
            if select.items is None:
                values = tuple(env.row[k] for k in from_columns(self.db, select))
            else:
                values = tuple(self.eval(e, env) for e in exprs)
            out.append((env, values))

        if select.order_by:
            aliases = {a: i for i, (_, a) in enumerate(select.items or []) if a}

            def key_value(entry, e):
                env, values = entry
                if isinstance(e, A.Literal) and isinstance(e.value, int) and not isinstance(e.value, bool):
                    return values[e.value - 1]
                if isinstance(e, A.Column) and e.table is None and e.name in aliases:
                    return values[aliases[e.name]]
                return self.eval(e, env)

            def cmp(x, y):
                for e, desc in select.order_by:
                    kx, ky = sort_key(key_value(x, e)), sort_key(key_value(y, e))
                    if kx != ky:
                        c = -1 if kx < ky else 1
                        return -c if desc else c
                return 0

            out = sorted(out, key=functools.cmp_to_key(cmp))

        result = [values for _, values in out]
        if select.distinct:
            unique = []
            for values in result:
                if values not in unique:
                    unique.append(values)
            result = unique
        if select.limit is not None:
            result = result[:select.limit]
        return result

    def scan_from(self, select, outer):
        rows = None
        for item in select.from_:
            table = self.db.tables[item.table]
            keys = [(item.alias, c) for c in table.columns]
            if rows is None:
                rows = [dict(zip(keys, trow)) for trow in table.rows]
                continue
            joined = []
            for left in rows:
                matched = False
                for trow in table.rows:
                    combined = dict(left)
                    combined.update(zip(keys, trow))
                    if item.on is None or to_bool(self.eval(item.on, Env(combined, outer))) is True:
                        joined.append(combined)
                        matched = True
                if item.join == "LEFT" and not matched:
                    combined = dict(left)
                    combined.update((k, None) for k in keys)
                    joined.append(combined)
            rows = joined
        return rows

    # -- expressions -----------------------------------------------------------------------------
    def eval(self, e, env):
        method = getattr(self, "eval_" + type(e).__name__)
        return method(e, env)

    def eval_Literal(self, e, env):
        return e.value

    def eval_Column(self, e, env):
        scope = env
        while scope is not None:
            matches = [k for k in scope.row if k[1] == e.name and (e.table is None or k[0] == e.table)]
            if len(matches) == 1:
                return scope.row[matches[0]]
            if len(matches) > 1:
                raise SQLError(f"ambiguous column {e.name}")
            scope = scope.parent
        raise SQLError(f"unknown column {e.name}")

    def eval_Unary(self, e, env):
        v = self.eval(e.operand, env)
        if e.op == "NOT":
            b = to_bool(v)
            return None if b is None else not b
        if v is None:
            return None
        if isinstance(v, str):
            raise SQLError(f"cannot negate text {v!r}")
        return -v

    def eval_Binary(self, e, env):
        op = e.op
        if op == "AND":
            left = to_bool(self.eval(e.left, env))
            if left is False:
                return False
            right = to_bool(self.eval(e.right, env))
            if right is False:
                return False
            if left is None or right is None:
                return None
            return True
        if op == "OR":
            left = to_bool(self.eval(e.left, env))
            if left is True:
                return True
            right = to_bool(self.eval(e.right, env))
            if right is True:
                return True
            if left is None or right is None:
                return None
            return False
        a = self.eval(e.left, env)
        b = self.eval(e.right, env)
        if op == "||":
            if a is None or b is None:
                return None
            return to_text(a) + to_text(b)
        if op in ("=", "!=", "<", "<=", ">", ">="):
            if a is None or b is None:
                return None
            c = compare(a, b)
            return {"=": c == 0, "!=": c != 0, "<": c < 0, "<=": c <= 0, ">": c > 0, ">=": c >= 0}[op]
        return arith(op, a, b)

    def eval_IsNull(self, e, env):
        v = self.eval(e.operand, env)
        return (v is not None) if e.negated else (v is None)

    def eval_Like(self, e, env):
        v = self.eval(e.operand, env)
        p = self.eval(e.pattern, env)
        if v is None or p is None:
            return None
        m = like_match(to_text(v), to_text(p))
        return not m if e.negated else m

    def in_values(self, v, candidates, negated):
        if v is None:
            return None
        saw_null = False
        for c in candidates:
            if c is None:
                saw_null = True
            elif compare(v, c) == 0:
                return not negated
        if saw_null:
            return None
        return negated

    def eval_InList(self, e, env):
        v = self.eval(e.operand, env)
        return self.in_values(v, [self.eval(x, env) for x in e.items], e.negated)

    def eval_InQuery(self, e, env):
        v = self.eval(e.operand, env)
        rows = self.run(e.query, env)
        return self.in_values(v, [r[0] for r in rows], e.negated)

    def eval_Between(self, e, env):
        v = self.eval(e.operand, env)
        lo = self.eval(e.low, env)
        hi = self.eval(e.high, env)
        ge = None if v is None or lo is None else compare(v, lo) >= 0
        le = None if v is None or hi is None else compare(v, hi) <= 0
        if ge is False or le is False:
            r = False
        elif ge is None or le is None:
            r = None
        else:
            r = True
        if r is None:
            return None
        return not r if e.negated else r

    def eval_Case(self, e, env):
        for cond, value in e.whens:
            if to_bool(self.eval(cond, env)) is True:
                return self.eval(value, env)
        if e.default is not None:
            return self.eval(e.default, env)
        return None

    def eval_Subquery(self, e, env):
        rows = self.run(e.query, env)
        if not rows:
            return None
        if len(rows) > 1:
            raise SQLError("scalar subquery returned more than one row")
        return rows[0][0]

    def eval_Exists(self, e, env):
        rows = self.run(e.query, env)
        return (not rows) if e.negated else bool(rows)

    def eval_Func(self, e, env):
        if e.name in A.AGGREGATES:
            return self.aggregate(e, env)
        args = [self.eval(a, env) for a in e.args]
        name = e.name
        if name == "COALESCE":
            for a in args:
                if a is not None:
                    return a
            return None
        if args[0] is None:
            return None
        if name == "LOWER":
            return to_text(args[0]).lower()
        if name == "UPPER":
            return to_text(args[0]).upper()
        if name == "LENGTH":
            return len(to_text(args[0]))
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

    def aggregate(self, e, env):
        if env.group is None:
            raise SQLError(f"aggregate {e.name} outside of an aggregate query")
        if e.star:
            return len(env.group)
        values = []
        for r in env.group:
            v = self.eval(e.args[0], Env(r, env.parent))
            if v is not None:
                values.append(v)
        if e.distinct:
            unique = []
            for v in values:
                if v not in unique:
                    unique.append(v)
            values = unique
        if e.name == "COUNT":
            return len(values)
        if not values:
            return None
        if e.name in ("SUM", "AVG"):
            total = 0
            for v in values:
                if isinstance(v, str):
                    raise SQLError(f"{e.name} of text")
                total = total + v
            return total if e.name == "SUM" else total / len(values)
        best = values[0]
        for v in values[1:]:
            if e.name == "MIN" and sort_key(v) < sort_key(best):
                best = v
            if e.name == "MAX" and sort_key(v) > sort_key(best):
                best = v
        return best
