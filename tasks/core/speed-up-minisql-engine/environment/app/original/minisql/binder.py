"""Static checks run before a query executes: tables and columns exist, names are unambiguous,
aggregates appear only where allowed, subqueries used as values have one column."""
from . import ast as A
from .errors import SQLError


def from_columns(db, select):
    cols = []
    for item in select.from_:
        for c in db.tables[item.table].columns:
            cols.append((item.alias, c))
    return cols


def output_width(db, select):
    if select.items is None:
        return len(from_columns(db, select))
    return len(select.items)


class Binder:
    def __init__(self, db):
        self.db = db

    def check(self, select, outer=()):
        aliases = []
        for item in select.from_:
            if item.table not in self.db.tables:
                raise SQLError(f"unknown table {item.table}")
            if item.alias in aliases:
                raise SQLError(f"duplicate table alias {item.alias}")
            aliases.append(item.alias)
        scope = {it.alias: self.db.tables[it.table].columns for it in select.from_}
        scopes = (scope,) + tuple(outer)
        # ON conditions see the tables joined so far (and outer queries).
        for k, item in enumerate(select.from_):
            if item.on is not None:
                partial = {it.alias: self.db.tables[it.table].columns for it in select.from_[:k + 1]}
                self.expr(item.on, (partial,) + tuple(outer), allow_agg=False)
        if select.where is not None:
            self.expr(select.where, scopes, allow_agg=False)
        for g in select.group_by:
            self.expr(g, scopes, allow_agg=False)
        if select.items is not None:
            for e, _ in select.items:
                self.expr(e, scopes, allow_agg=True)
        if select.having is not None:
            self.expr(select.having, scopes, allow_agg=True)
        aliases_out = {a for _, a in (select.items or []) if a}
        width = output_width(self.db, select)
        for e, _ in select.order_by:
            if isinstance(e, A.Literal) and isinstance(e.value, int) and not isinstance(e.value, bool):
                if not 1 <= e.value <= width:
                    raise SQLError(f"ORDER BY position {e.value} out of range")
                continue
            if isinstance(e, A.Column) and e.table is None and e.name in aliases_out:
                continue
            self.expr(e, scopes, allow_agg=True)

    def resolve(self, col, scopes):
        for scope in scopes:
            if col.table is not None:
                if col.table in scope:
                    if col.name not in scope[col.table]:
                        raise SQLError(f"unknown column {col.table}.{col.name}")
                    return
                continue
            hits = [a for a, cols in scope.items() if col.name in cols]
            if len(hits) > 1:
                raise SQLError(f"ambiguous column {col.name}")
            if hits:
                return
        if col.table is not None:
            raise SQLError(f"unknown table alias {col.table}")
        raise SQLError(f"unknown column {col.name}")

    def expr(self, e, scopes, allow_agg, in_agg=False):
        if isinstance(e, A.Literal):
            return
        if isinstance(e, A.Column):
            self.resolve(e, scopes)
            return
        if isinstance(e, A.Func):
            if e.name in A.AGGREGATES:
                if not allow_agg:
                    raise SQLError(f"aggregate {e.name} not allowed here")
                if in_agg:
                    raise SQLError("nested aggregate")
                for a in e.args:
                    self.expr(a, scopes, allow_agg, in_agg=True)
                return
            for a in e.args:
                self.expr(a, scopes, allow_agg, in_agg)
            return
        if isinstance(e, (A.Subquery, A.InQuery, A.Exists)):
            q = e.query
            self.check(q, scopes)
            if not isinstance(e, A.Exists) and output_width(self.db, q) != 1:
                raise SQLError("subquery must return exactly one column")
            if isinstance(e, A.InQuery):
                self.expr(e.operand, scopes, allow_agg, in_agg)
            return
        for child in children(e):
            self.expr(child, scopes, allow_agg, in_agg)


def children(e):
    if isinstance(e, A.Unary):
        return [e.operand]
    if isinstance(e, A.Binary):
        return [e.left, e.right]
    if isinstance(e, A.IsNull):
        return [e.operand]
    if isinstance(e, A.Like):
        return [e.operand, e.pattern]
    if isinstance(e, A.InList):
        return [e.operand] + list(e.items)
    if isinstance(e, A.Between):
        return [e.operand, e.low, e.high]
    if isinstance(e, A.Case):
        out = []
        for c, v in e.whens:
            out += [c, v]
        if e.default is not None:
            out.append(e.default)
        return out
    if isinstance(e, A.Func):
        return list(e.args)
    return []


def has_aggregate(e):
    if isinstance(e, A.Func) and e.name in A.AGGREGATES:
        return True
    if isinstance(e, (A.Subquery, A.InQuery, A.Exists)):
        return isinstance(e, A.InQuery) and has_aggregate(e.operand)
    return any(has_aggregate(c) for c in children(e))
