from .errors import SQLError

KEYWORDS = {
    "SELECT", "DISTINCT", "FROM", "WHERE", "GROUP", "BY", "HAVING", "ORDER", "ASC", "DESC",
    "LIMIT", "JOIN", "INNER", "LEFT", "ON", "AS", "AND", "OR", "NOT", "IS", "NULL", "LIKE",
    "IN", "BETWEEN", "CASE", "WHEN", "THEN", "ELSE", "END", "EXISTS", "TRUE", "FALSE",
}
SYMBOLS = ["<>", "!=", "<=", ">=", "||", "=", "<", ">", "+", "-", "*", "/", "%", "(", ")", ",", ".", ";"]


class Token:
    __slots__ = ("kind", "value", "pos")

    def __init__(self, kind, value, pos):
        self.kind = kind      # "kw", "ident", "int", "float", "str", "sym", "eof"
        self.value = value
        self.pos = pos

    def __repr__(self):
        return f"Token({self.kind}, {self.value!r})"


def tokenize(sql):
    tokens = []
    i, n = 0, len(sql)
    while i < n:
        c = sql[i]
        if c.isspace():
            i += 1
            continue
        if sql.startswith("--", i):
            while i < n and sql[i] != "\n":
                i += 1
            continue
        if c.isalpha() or c == "_":
            j = i
            while j < n and (sql[j].isalnum() or sql[j] == "_"):
                j += 1
            word = sql[i:j]
            if word.upper() in KEYWORDS:
                tokens.append(Token("kw", word.upper(), i))
            else:
                tokens.append(Token("ident", word.lower(), i))
            i = j
            continue
        if c.isdigit():
            j = i
            while j < n and sql[j].isdigit():
                j += 1
            if j < n and sql[j] == "." and j + 1 < n and sql[j + 1].isdigit():
                j += 1
                while j < n and sql[j].isdigit():
                    j += 1
                tokens.append(Token("float", float(sql[i:j]), i))
            else:
                tokens.append(Token("int", int(sql[i:j]), i))
            i = j
            continue
        if c == "'":
            j = i + 1
            buf = []
            while True:
                if j >= n:
                    raise SQLError(f"unterminated string at {i}")
                if sql[j] == "'":
                    if j + 1 < n and sql[j + 1] == "'":
                        buf.append("'")
                        j += 2
                        continue
                    break
                buf.append(sql[j])
                j += 1
            tokens.append(Token("str", "".join(buf), i))
            i = j + 1
            continue
        for s in SYMBOLS:
            if sql.startswith(s, i):
                tokens.append(Token("sym", "!=" if s == "<>" else s, i))
                i += len(s)
                break
        else:
            raise SQLError(f"unexpected character {c!r} at {i}")
    tokens.append(Token("eof", None, n))
    return tokens
