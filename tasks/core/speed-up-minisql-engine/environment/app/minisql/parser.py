from . import ast as A
from .errors import SQLError
from .lexer import tokenize


class Parser:
    def __init__(self, sql):
        self.toks = tokenize(sql)
        self.i = 0

    # -- token helpers -------------------------------------------------------------------------
    def peek(self, k=0):
        return self.toks[min(self.i + k, len(self.toks) - 1)]

    def next(self):
        t = self.toks[self.i]
        self.i += 1
        return t

    def at_kw(self, *words):
        t = self.peek()
        return t.kind == "kw" and t.value in words

    def at_sym(self, *syms):
        t = self.peek()
        return t.kind == "sym" and t.value in syms

    def accept_kw(self, word):
        if self.at_kw(word):
            self.i += 1
            return True
        return False

    def accept_sym(self, sym):
        if self.at_sym(sym):
            self.i += 1
            return True
        return False

    def expect_kw(self, word):
        if not self.accept_kw(word):
            self.error(f"expected {word}")

    def expect_sym(self, sym):
        if not self.accept_sym(sym):
            self.error(f"expected '{sym}'")

    def ident(self):
        t = self.peek()
        if t.kind != "ident":
            self.error("expected identifier")
        self.i += 1
        return t.value

    def error(self, msg):
        t = self.peek()
        found = "end of input" if t.kind == "eof" else repr(t.value)
        raise SQLError(f"syntax error at {t.pos}: {msg}, found {found}")

    # -- statements ----------------------------------------------------------------------------
    def parse_statement(self):
        q = self.select()
        self.accept_sym(";")
        if self.peek().kind != "eof":
            self.error("unexpected token after statement")
        return q

    def select(self):
        self.expect_kw("SELECT")
        distinct = self.accept_kw("DISTINCT")
        if self.accept_sym("*"):
            items = None
        else:
            items = [self.select_item()]
            while self.accept_sym(","):
                items.append(self.select_item())
        self.expect_kw("FROM")
        from_ = [self.from_item(None)]
        while True:
            if self.accept_kw("JOIN"):
                from_.append(self.from_item("INNER"))
            elif self.accept_kw("INNER"):
                self.expect_kw("JOIN")
                from_.append(self.from_item("INNER"))
            elif self.accept_kw("LEFT"):
                self.expect_kw("JOIN")
                from_.append(self.from_item("LEFT"))
            elif self.accept_sym(","):
                from_.append(self.from_item("CROSS"))
            else:
                break
        where = self.expr() if self.accept_kw("WHERE") else None
        group_by = []
        if self.accept_kw("GROUP"):
            self.expect_kw("BY")
            group_by.append(self.expr())
            while self.accept_sym(","):
                group_by.append(self.expr())
        having = self.expr() if self.accept_kw("HAVING") else None
        order_by = []
        if self.accept_kw("ORDER"):
            self.expect_kw("BY")
            order_by.append(self.order_item())
            while self.accept_sym(","):
                order_by.append(self.order_item())
        limit = None
        if self.accept_kw("LIMIT"):
            t = self.next()
            if t.kind != "int":
                self.i -= 1
                self.error("expected integer after LIMIT")
            limit = t.value
        return A.Select(distinct, items, from_, where, group_by, having, order_by, limit)

    def select_item(self):
        e = self.expr()
        alias = None
        if self.accept_kw("AS"):
            alias = self.ident()
        elif self.peek().kind == "ident":
            alias = self.ident()
        return (e, alias)

    def from_item(self, join):
        table = self.ident()
        alias = table
        if self.accept_kw("AS"):
            alias = self.ident()
        elif self.peek().kind == "ident":
            alias = self.ident()
        on = None
        if join in ("INNER", "LEFT"):
            self.expect_kw("ON")
            on = self.expr()
        return A.FromItem(table, alias, "INNER" if join == "CROSS" else join, on)

    def order_item(self):
        e = self.expr()
        desc = False
        if self.accept_kw("DESC"):
            desc = True
        else:
            self.accept_kw("ASC")
        return (e, desc)

    # -- expressions ---------------------------------------------------------------------------
    def expr(self):
        return self.or_expr()

    def or_expr(self):
        e = self.and_expr()
        while self.accept_kw("OR"):
            e = A.Binary("OR", e, self.and_expr())
        return e

    def and_expr(self):
        e = self.not_expr()
        while self.accept_kw("AND"):
            e = A.Binary("AND", e, self.not_expr())
        return e

    def not_expr(self):
        if self.accept_kw("NOT"):
            return A.Unary("NOT", self.not_expr())
        return self.comparison()

    def comparison(self):
        e = self.additive()
        if self.at_sym("=", "!=", "<", "<=", ">", ">="):
            op = self.next().value
            return A.Binary(op, e, self.additive())
        if self.accept_kw("IS"):
            neg = self.accept_kw("NOT")
            self.expect_kw("NULL")
            return A.IsNull(e, neg)
        neg = False
        if self.at_kw("NOT") and self.peek(1).kind == "kw" and self.peek(1).value in ("LIKE", "IN", "BETWEEN"):
            self.i += 1
            neg = True
        if self.accept_kw("LIKE"):
            return A.Like(e, self.additive(), neg)
        if self.accept_kw("BETWEEN"):
            lo = self.additive()
            self.expect_kw("AND")
            hi = self.additive()
            return A.Between(e, lo, hi, neg)
        if self.accept_kw("IN"):
            self.expect_sym("(")
            if self.at_kw("SELECT"):
                q = self.select()
                self.expect_sym(")")
                return A.InQuery(e, q, neg)
            items = [self.expr()]
            while self.accept_sym(","):
                items.append(self.expr())
            self.expect_sym(")")
            return A.InList(e, items, neg)
        if neg:
            self.error("expected LIKE, IN or BETWEEN")
        return e

    def additive(self):
        e = self.multiplicative()
        while self.at_sym("+", "-", "||"):
            op = self.next().value
            e = A.Binary(op, e, self.multiplicative())
        return e

    def multiplicative(self):
        e = self.unary()
        while self.at_sym("*", "/", "%"):
            op = self.next().value
            e = A.Binary(op, e, self.unary())
        return e

    def unary(self):
        if self.accept_sym("-"):
            return A.Unary("-", self.unary())
        if self.accept_sym("+"):
            return self.unary()
        return self.primary()

    def primary(self):
        t = self.peek()
        if t.kind in ("int", "float", "str"):
            self.i += 1
            return A.Literal(t.value)
        if t.kind == "kw":
            if t.value == "NULL":
                self.i += 1
                return A.Literal(None)
            if t.value in ("TRUE", "FALSE"):
                self.i += 1
                return A.Literal(t.value == "TRUE")
            if t.value == "CASE":
                self.i += 1
                whens = []
                while self.accept_kw("WHEN"):
                    c = self.expr()
                    self.expect_kw("THEN")
                    whens.append((c, self.expr()))
                if not whens:
                    self.error("expected WHEN")
                default = self.expr() if self.accept_kw("ELSE") else None
                self.expect_kw("END")
                return A.Case(whens, default)
            if t.value == "EXISTS":
                self.i += 1
                self.expect_sym("(")
                q = self.select()
                self.expect_sym(")")
                return A.Exists(q, False)
            if t.value == "NOT" and self.peek(1).kind == "kw" and self.peek(1).value == "EXISTS":
                self.i += 2
                self.expect_sym("(")
                q = self.select()
                self.expect_sym(")")
                return A.Exists(q, True)
            self.error("unexpected keyword")
        if t.kind == "sym" and t.value == "(":
            self.i += 1
            if self.at_kw("SELECT"):
                q = self.select()
                self.expect_sym(")")
                return A.Subquery(q)
            e = self.expr()
            self.expect_sym(")")
            return e
        if t.kind == "ident":
            self.i += 1
            if self.accept_sym("("):
                name = t.value.upper()
                if name not in A.AGGREGATES and name not in A.SCALAR_FUNCS:
                    raise SQLError(f"unknown function {name}")
                if self.accept_sym("*"):
                    if name != "COUNT":
                        self.error("'*' is only allowed in COUNT(*)")
                    self.expect_sym(")")
                    return A.Func(name, [], False, True)
                distinct = self.accept_kw("DISTINCT")
                if distinct and name not in A.AGGREGATES:
                    self.error("DISTINCT is only allowed in aggregates")
                args = []
                if not self.at_sym(")"):
                    args.append(self.expr())
                    while self.accept_sym(","):
                        args.append(self.expr())
                self.expect_sym(")")
                if name in A.AGGREGATES:
                    if len(args) != 1:
                        raise SQLError(f"{name} takes exactly one argument")
                else:
                    lo, hi = A.SCALAR_FUNCS[name]
                    if not lo <= len(args) <= hi:
                        raise SQLError(f"wrong number of arguments to {name}")
                return A.Func(name, args, distinct, False)
            if self.accept_sym("."):
                return A.Column(t.value, self.ident())
            return A.Column(None, t.value)
        self.error("expected expression")


def parse(sql):
    return Parser(sql).parse_statement()
