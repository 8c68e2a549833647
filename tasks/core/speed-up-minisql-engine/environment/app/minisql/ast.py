"""Syntax tree node classes."""


class Node:
    __slots__ = ()

    def __repr__(self):
        fields = ", ".join(f"{k}={getattr(self, k)!r}" for k in self.__slots__)
        return f"{type(self).__name__}({fields})"


class Select(Node):
    __slots__ = ("distinct", "items", "from_", "where", "group_by", "having", "order_by", "limit")

    def __init__(self, distinct, items, from_, where, group_by, having, order_by, limit):
        self.distinct = distinct    # bool
        self.items = items          # None for '*', else list of (expr, alias or None)
        self.from_ = from_          # list of FromItem
        self.where = where
        self.group_by = group_by    # list of expr
        self.having = having
        self.order_by = order_by    # list of (expr, descending)
        self.limit = limit          # int or None


class FromItem(Node):
    __slots__ = ("table", "alias", "join", "on")

    def __init__(self, table, alias, join, on):
        self.table = table          # table name
        self.alias = alias          # alias (defaults to the table name)
        self.join = join            # None for the first item, else "INNER" or "LEFT"
        self.on = on                # join condition or None


class Literal(Node):
    __slots__ = ("value",)

    def __init__(self, value):
        self.value = value


class Column(Node):
    __slots__ = ("table", "name")

    def __init__(self, table, name):
        self.table = table          # qualifier or None
        self.name = name


class Unary(Node):
    __slots__ = ("op", "operand")

    def __init__(self, op, operand):
        self.op = op                # "-" or "NOT"
        self.operand = operand


class Binary(Node):
    __slots__ = ("op", "left", "right")

    def __init__(self, op, left, right):
        self.op = op                # + - * / % || = != < <= > >= AND OR
        self.left = left
        self.right = right


class IsNull(Node):
    __slots__ = ("operand", "negated")

    def __init__(self, operand, negated):
        self.operand = operand
        self.negated = negated


class Like(Node):
    __slots__ = ("operand", "pattern", "negated")

    def __init__(self, operand, pattern, negated):
        self.operand = operand
        self.pattern = pattern
        self.negated = negated


class InList(Node):
    __slots__ = ("operand", "items", "negated")

    def __init__(self, operand, items, negated):
        self.operand = operand
        self.items = items
        self.negated = negated


class InQuery(Node):
    __slots__ = ("operand", "query", "negated")

    def __init__(self, operand, query, negated):
        self.operand = operand
        self.query = query
        self.negated = negated


class Between(Node):
    __slots__ = ("operand", "low", "high", "negated")

    def __init__(self, operand, low, high, negated):
        self.operand = operand
        self.low = low
        self.high = high
        self.negated = negated


class Case(Node):
    __slots__ = ("whens", "default")

    def __init__(self, whens, default):
        self.whens = whens          # list of (condition, value)
        self.default = default      # expr or None


class Func(Node):
    __slots__ = ("name", "args", "distinct", "star")

    def __init__(self, name, args, distinct, star):
        self.name = name            # upper-case function name
        self.args = args
        self.distinct = distinct    # COUNT(DISTINCT x)
        self.star = star            # COUNT(*)


class Subquery(Node):
    __slots__ = ("query",)

    def __init__(self, query):
        self.query = query


class Exists(Node):
    __slots__ = ("query", "negated")

    def __init__(self, query, negated):
        self.query = query
        self.negated = negated


AGGREGATES = {"COUNT", "SUM", "AVG", "MIN", "MAX"}
SCALAR_FUNCS = {"LOWER": (1, 1), "UPPER": (1, 1), "LENGTH": (1, 1), "ABS": (1, 1),
                "COALESCE": (1, 99), "ROUND": (1, 2), "SUBSTR": (2, 3)}
