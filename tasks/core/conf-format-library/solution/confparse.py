"""confparse: parser and serializer for the CONF configuration format (reference implementation)."""
import math
import re

__all__ = ["ConfError", "loads", "dumps"]


class ConfError(ValueError):
    def __init__(self, msg, line):
        super().__init__(f"line {line}: {msg}")
        self.msg = msg
        self.line = line


_KEY = re.compile(r"[A-Za-z0-9_-]+")
_KEY_FULL = re.compile(r"[A-Za-z0-9_-]+\Z")
_DEC = r"(?:0|[1-9](?:_?[0-9])*)"
_DIGITS = r"[0-9](?:_?[0-9])*"
_INT = re.compile(rf"[+-]?{_DEC}\Z")
_HEX = re.compile(r"0x[0-9A-Fa-f](?:_?[0-9A-Fa-f])*\Z")
_OCT = re.compile(r"0o[0-7](?:_?[0-7])*\Z")
_BIN = re.compile(r"0b[01](?:_?[01])*\Z")
_FLOAT = re.compile(rf"[+-]?{_DEC}(?:\.{_DIGITS}(?:[eE][+-]?{_DIGITS})?|[eE][+-]?{_DIGITS})\Z")
_SPECIAL = {"inf": math.inf, "+inf": math.inf, "-inf": -math.inf,
            "nan": math.nan, "+nan": math.nan, "-nan": -math.nan}
_ESC = {"\\": "\\", '"': '"', "n": "\n", "t": "\t", "r": "\r"}
_HEX4 = re.compile(r"[0-9A-Fa-f]{4}\Z")
_STOP = set(" \t\n,]}#;")


class _Parser:
    def __init__(self, text):
        self.s = text.replace("\r\n", "\n")
        self.n = len(self.s)
        self.i = 0
        self.line = 1

    def err(self, msg, line=None):
        raise ConfError(msg, self.line if line is None else line)

    def peek(self):
        return self.s[self.i] if self.i < self.n else ""

    def adv(self, k=1):
        self.line += self.s.count("\n", self.i, self.i + k)
        self.i += k

    def skip_ws(self):
        while self.i < self.n and self.s[self.i] in " \t":
            self.i += 1

    def skip_comment(self):
        if self.i < self.n and self.s[self.i] in "#;":
            j = self.s.find("\n", self.i)
            self.i = self.n if j < 0 else j

    def expect_eol(self):
        self.skip_ws()
        self.skip_comment()
        c = self.peek()
        if c == "\n":
            self.adv()
        elif c != "":
            self.err("unexpected characters after value")

    def skip_blank(self):
        while True:
            self.skip_ws()
            c = self.peek()
            if c in ("#", ";"):
                self.skip_comment()
            elif c == "\n":
                self.adv()
            else:
                return

    # ---- document ----
    def document(self):
        root = {}
        tables = {id(root)}
        defined = set()
        cur = root
        while True:
            self.skip_ws()
            c = self.peek()
            if c == "":
                return root
            if c == "\n":
                self.adv()
            elif c in ("#", ";"):
                self.skip_comment()
            elif c == "[":
                cur = self.header(root, tables, defined)
            else:
                self.keyvalue(cur, toplevel=True)
                self.expect_eol()

    def header(self, root, tables, defined):
        line = self.line
        self.i += 1
        self.skip_ws()
        parts = []
        while True:
            m = _KEY.match(self.s, self.i)
            if not m:
                self.err("invalid section name")
            parts.append(m.group())
            self.i = m.end()
            if self.peek() == ".":
                self.i += 1
                continue
            break
        self.skip_ws()
        if self.peek() != "]":
            self.err("invalid section header")
        self.i += 1
        self.expect_eol()
        t = root
        for p in parts:
            if p in t:
                v = t[p]
                if not (isinstance(v, dict) and id(v) in tables):
                    self.err("section conflicts with an existing value", line)
                t = v
            else:
                nt = {}
                t[p] = nt
                tables.add(id(nt))
                t = nt
        if id(t) in defined:
            self.err("duplicate section", line)
        defined.add(id(t))
        return t

    def keyvalue(self, table, toplevel):
        line = self.line
        m = _KEY.match(self.s, self.i)
        if not m:
            self.err("invalid key")
        key = m.group()
        self.i = m.end()
        self.skip_ws()
        if self.peek() != "=":
            self.err("expected '='")
        self.i += 1
        self.skip_ws()
        if key in table:
            self.err("duplicate key", line)
        if self.peek() in ("", "\n", "#", ";"):
            self.err("missing value")
        table[key] = self.value()

    # ---- values ----
    def value(self):
        s, i = self.s, self.i
        c = self.peek()
        if s.startswith('"""', i):
            return self.ml_basic()
        if c == '"':
            return self.basic()
        if s.startswith("'''", i):
            return self.ml_literal()
        if c == "'":
            return self.literal()
        if c == "[":
            return self.array()
        if c == "{":
            return self.inline_table()
        j = i
        while j < self.n and s[j] not in _STOP:
            j += 1
        tok = s[i:j]
        v = self.scalar(tok)
        self.i = j
        return v

    def scalar(self, tok):
        if tok == "true":
            return True
        if tok == "false":
            return False
        if tok == "null":
            return None
        if tok in _SPECIAL:
            return _SPECIAL[tok]
        if _INT.match(tok):
            return int(tok.replace("_", ""))
        for rx, base in ((_HEX, 16), (_OCT, 8), (_BIN, 2)):
            if rx.match(tok):
                return int(tok[2:].replace("_", ""), base)
        if _FLOAT.match(tok):
            return float(tok.replace("_", ""))
        self.err("invalid value")

    def escape(self):
        s, i = self.s, self.i
        c = s[i + 1:i + 2]
        if c in _ESC and c:
            self.i += 2
            return _ESC[c]
        if c == "u":
            h = s[i + 2:i + 6]
            if not _HEX4.match(h):
                self.err("invalid unicode escape")
            cp = int(h, 16)
            if 0xD800 <= cp <= 0xDFFF:
                self.err("invalid unicode escape")
            self.i += 6
            return chr(cp)
        self.err("invalid escape")

    def check_char(self, c):
        if ord(c) < 0x20 and c != "\t":
            self.err("control character in string")

    def basic(self):
        start = self.line
        self.i += 1
        out = []
        while True:
            c = self.peek()
            if c == "" or c == "\n":
                self.err("unterminated string", start)
            if c == '"':
                self.i += 1
                return "".join(out)
            if c == "\\":
                out.append(self.escape())
                continue
            self.check_char(c)
            out.append(c)
            self.i += 1

    def ml_basic(self):
        start = self.line
        self.i += 3
        if self.peek() == "\n":
            self.adv()
        out = []
        s = self.s
        while True:
            if self.i >= self.n:
                self.err("unterminated string", start)
            if s.startswith('"""', self.i):
                self.i += 3
                return "".join(out)
            c = s[self.i]
            if c == "\\":
                if s[self.i + 1:self.i + 2] == "\n":
                    self.adv(2)
                    while self.i < self.n and s[self.i] in " \t\n":
                        self.adv()
                    continue
                out.append(self.escape())
                continue
            if c == "\n":
                out.append(c)
                self.adv()
                continue
            self.check_char(c)
            out.append(c)
            self.i += 1

    def literal(self):
        start = self.line
        self.i += 1
        j = self.i
        while True:
            if j >= self.n or self.s[j] == "\n":
                self.err("unterminated string", start)
            c = self.s[j]
            if c == "'":
                break
            self.check_char(c)
            j += 1
        v = self.s[self.i:j]
        self.i = j + 1
        return v

    def ml_literal(self):
        start = self.line
        self.i += 3
        if self.peek() == "\n":
            self.adv()
        s = self.s
        j = self.i
        while True:
            if j >= self.n:
                self.err("unterminated string", start)
            if s.startswith("'''", j):
                break
            c = s[j]
            if c == "\n":
                self.line += 1
            else:
                self.check_char(c)
            j += 1
        v = s[self.i:j]
        self.i = j + 3
        return v

    def array(self):
        start = self.line
        self.i += 1
        out = []
        while True:
            self.skip_blank()
            if self.i >= self.n:
                self.err("unterminated array", start)
            if self.peek() == "]":
                self.i += 1
                return out
            out.append(self.value())
            self.skip_blank()
            if self.i >= self.n:
                self.err("unterminated array", start)
            c = self.peek()
            if c == ",":
                self.i += 1
            elif c == "]":
                self.i += 1
                return out
            else:
                self.err("expected ',' or ']'")

    def inline_table(self):
        start = self.line
        self.i += 1
        t = {}
        while True:
            self.skip_blank()
            if self.i >= self.n:
                self.err("unterminated inline table", start)
            if self.peek() == "}":
                self.i += 1
                return t
            self.keyvalue(t, toplevel=False)
            self.skip_blank()
            if self.i >= self.n:
                self.err("unterminated inline table", start)
            c = self.peek()
            if c == ",":
                self.i += 1
            elif c == "}":
                self.i += 1
                return t
            else:
                self.err("expected ',' or '}'")


def loads(text):
    if not isinstance(text, str):
        raise TypeError("loads() expects str")
    return _Parser(text).document()


# ---- serializer ----

def _key(k):
    if not isinstance(k, str) or not _KEY_FULL.match(k):
        raise ValueError(f"invalid key: {k!r}")
    return k


def _str(s):
    out = ['"']
    for c in s:
        o = ord(c)
        if c == "\\":
            out.append("\\\\")
        elif c == '"':
            out.append('\\"')
        elif c == "\n":
            out.append("\\n")
        elif c == "\t":
            out.append("\\t")
        elif c == "\r":
            out.append("\\r")
        elif o < 0x20 or o == 0x7F:
            out.append("\\u%04X" % o)
        elif 0xD800 <= o <= 0xDFFF:
            raise ValueError("surrogate code point in string")
        else:
            out.append(c)
    out.append('"')
    return "".join(out)


def _val(v):
    if v is True:
        return "true"
    if v is False:
        return "false"
    if v is None:
        return "null"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        if math.isnan(v):
            return "nan"
        if math.isinf(v):
            return "inf" if v > 0 else "-inf"
        return repr(v)
    if isinstance(v, str):
        return _str(v)
    if isinstance(v, list):
        return "[" + ", ".join(_val(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{" + ", ".join(f"{_key(k)} = {_val(x)}" for k, x in v.items()) + "}"
    raise ValueError(f"unsupported value type: {type(v).__name__}")


def _table(d, path, out):
    for k, v in d.items():
        _key(k)
        if not isinstance(v, dict):
            out.append(f"{k} = {_val(v)}\n")
    for k, v in d.items():
        if isinstance(v, dict):
            if out:
                out.append("\n")
            out.append("[" + ".".join(path + [k]) + "]\n")
            _table(v, path + [k], out)


def dumps(data):
    if not isinstance(data, dict):
        raise ValueError("dumps() expects a dict")
    out = []
    _table(data, [], out)
    return "".join(out)
