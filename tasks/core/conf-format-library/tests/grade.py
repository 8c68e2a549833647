"""Hidden verifier for conf-format-library (runs as root from /tests).

Every call on the agent's /app/confparse.py happens in /tests/conf_driver.py, run as the agent
user with horizon_grading.run_program; it prints what it observed as JSON. The expected values
come from the reference (/tests/ref_confparse.py, our code) here, in the grader's memory.
Exit 0 once a reward is written; non-zero only when the grader itself broke.
"""
import importlib.util
import json
import math
import os
import random
import shutil
import sys

import horizon_grading as hg

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import conf_driver  # noqa: E402  (our own code: the value encoding)


def _load(name, path):
    spec = importlib.util.spec_from_file_location(name, path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


ref = _load("ref_confparse", os.path.join(HERE, "ref_confparse.py"))


def eq(a, b):
    if isinstance(a, bool) or isinstance(b, bool) or a is None or b is None:
        return a is b
    if isinstance(a, float) and isinstance(b, float):
        if math.isnan(a) or math.isnan(b):
            return math.isnan(a) and math.isnan(b)
        return a == b and math.copysign(1, a) == math.copysign(1, b)
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a.keys()) == list(b.keys()) and all(eq(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(eq(x, y) for x, y in zip(a, b))
    return a == b


def eq_unordered(a, b):
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(eq_unordered(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(eq_unordered(x, y) for x, y in zip(a, b))
    return eq(a, b)



LOADS = [
    ("", {}),
    ("\n\n   \n\t\n", {}),
    ("# c\n; c2\n   # indented\n", {}),
    ("a = 1", {"a": 1}),
    ("a=1\nb  =\t2\n", {"a": 1, "b": 2}),
    ("a = 1\r\nb = 'x'\r\n", {"a": 1, "b": "x"}),
    ("  a = 1  # trailing comment\nb = 2 ; semi comment\n", {"a": 1, "b": 2}),
    ("a = 1#c", {"a": 1}),
    ("123 = 1\n-x_y = 2\nA-B = 3", {"123": 1, "-x_y": 2, "A-B": 3}),
    ("t = true\nf = false\nn = null", {"t": True, "f": False, "n": None}),
    ("a = 0\nb = -0\nc = +17\nd = -42\ne = 1_000_000\nf = 123456789012345678901234567890",
     {"a": 0, "b": 0, "c": 17, "d": -42, "e": 1000000, "f": 123456789012345678901234567890}),
    ("h = 0xDEAD_beef\no = 0o755\nb = 0b1010_0101\nz = 0x0", {"h": 0xDEADBEEF, "o": 0o755, "b": 0b10100101, "z": 0}),
    ("a = 1.5\nb = -0.0\nc = 1e10\nd = 6.02E+23\ne = 1_000.000_1\nf = 1e-05\ng = 0.5e-3\nh = +3.0\ni = 1e0_1",
     {"a": 1.5, "b": -0.0, "c": 1e10, "d": 6.02e23, "e": 1000.0001, "f": 1e-05, "g": 0.0005, "h": 3.0, "i": 1e1}),
    ("a = inf\nb = -inf\nc = +inf", {"a": math.inf, "b": -math.inf, "c": math.inf}),
    ("a = nan\nb = -nan\nc = +nan", {"a": math.nan, "b": math.nan, "c": math.nan}),
    ('s = "hello world"', {"s": "hello world"}),
    ('s = ""', {"s": ""}),
    (r's = "a\\b\"c\nd\te\rf"', {"s": 'a\\b"c\nd\te\rf'}),
    (r's = "\u00e9\u00C9\u20AC\u0000"', {"s": "\u00e9\u00c9\u20ac\x00"}),
    ('s = "tab\there é 😀 #;=[]{}"', {"s": "tab\there é 😀 #;=[]{}"}),
    ("s = 'C:\\path\\n \"q\" # not comment'", {"s": 'C:\\path\\n "q" # not comment'}),
    ("s = ''", {"s": ""}),
    ('s = """abc"""', {"s": "abc"}),
    ('s = """\nline1\nline2\n"""', {"s": "line1\nline2\n"}),
    ('s = """\n\nx"""', {"s": "\nx"}),
    ('s = """a \\\n     b"""', {"s": "a b"}),
    ('s = """a\\\n\n   \n  b\\\n"""', {"s": "ab"}),
    ('s = """q\\"""" # c', {"s": 'q"'}),
    ('s = """say "hi" ""ok"" \\u0041"""', {"s": 'say "hi" ""ok"" A'}),
    ('s = """\\\\\n"""', {"s": "\\\n"}),
    ("s = '''\nraw \\n \"\"\" 'single'\nnext'''", {"s": "raw \\n \"\"\" 'single'\nnext"}),
    ("s = ''''''", {"s": ""}),
    ("a = []\nb = [1]\nc = [1, 2, 3,]\nd = [ 1 , 'x' , [true, [null]] ]",
     {"a": [], "b": [1], "c": [1, 2, 3], "d": [1, "x", [True, [None]]]}),
    ("a = [\n  1,  # one\n  ; semi\n  2\n  ,3\n\n]\nb = 4", {"a": [1, 2, 3], "b": 4}),
    ("a = [\"x,]\", 'y]', \"\"\"z\n]\"\"\"]", {"a": ["x,]", "y]", "z\n]"]}),
    ("a = [[], [[]], {}]", {"a": [[], [[]], {}]}),
    ("t = {}\nu = {x = 1, y = 'two', z = [3], w = {v = true}}",
     {"t": {}, "u": {"x": 1, "y": "two", "z": [3], "w": {"v": True}}}),
    ("t = {\n  a = 1, # c\n  b = 2,\n}", {"t": {"a": 1, "b": 2}}),
    ("a = [{x = 1}, {x = 2,}]", {"a": [{"x": 1}, {"x": 2}]}),
    ("a = 1\n[s]\nb = 2\n[s.t]\nc = 3\n[u]\n", {"a": 1, "s": {"b": 2, "t": {"c": 3}}, "u": {}}),
    ("[ a.b.c ]  # comment\nx = 1", {"a": {"b": {"c": {"x": 1}}}}),
    ("[a.b]\nx = 1\n[a]\ny = 2\n[a.c]\n", {"a": {"b": {"x": 1}, "y": 2, "c": {}}}),
    ("[a]\n[a.b]\n[a.b.c]\n[d]\n", {"a": {"b": {"c": {}}}, "d": {}}),
    ("[x.y]\n[x.z]\n[x]\nw = 0", {"x": {"y": {}, "z": {}, "w": 0}}),
    ("[1.2.3]\nk = 'v'", {"1": {"2": {"3": {"k": "v"}}}}),
    ("[a]\nx = 1\n[b]\nx = 2\n[a.x2]\n", {"a": {"x": 1, "x2": {}}, "b": {"x": 2}}),
    ("a=1\n\n\n[s]  \n\n  k =  'v'  \n", {"a": 1, "s": {"k": "v"}}),
    ("a = 1,", None),
    ("a = \"\x7f\"", {"a": "\x7f"}),
    ("a = '\t'", {"a": "\t"}),
    ("a = [1\n,\n2\n]", {"a": [1, 2]}),
    ("a = [\n# only comment\n]", {"a": []}),
    ("a = -0x1", None),
    ("x = 0b0\ny = 0o0_7", {"x": 0, "y": 7}),
    ("e = 1E5\nf = -1.5e+3", {"e": 1e5, "f": -1500.0}),
]



ERRORS = [
    ("a = 1\nfoo bar\n", 2),
    ("a.b = 1", 1),
    ("a = 1\nb =\n", 2),
    ("a = # nothing", 1),
    ("a =", 1),
    ("= 1", 1),
    ("a b = 1", 1),
    ("a = 1 2", 1),
    ("a = 'x' y", 1),
    ("a = \"x\"\"y\"", 1),
    ("a = 1\n[s] x\n", 2),
    ("a = 1\n\n[]\n", 3),
    ("[a..b]", 1),
    ("[a . b]", 1),
    ("x = 1\n[[a]]", 2),
    ("[a", 1),
    ("[a b]", 1),
    ("a = 012", 1),
    ("a = -007", 1),
    ("a = 0_1", 1),
    ("a = 1__0", 1),
    ("a = _1", 1),
    ("a = 1_", 1),
    ("a = 0x", 1),
    ("a = +0x1", 1),
    ("a = 0X1F", 1),
    ("a = 0o8", 1),
    ("a = 0b2", 1),
    ("a = 1.", 1),
    ("a = .5", 1),
    ("a = 1e", 1),
    ("a = 1.e5", 1),
    ("a = 01.5", 1),
    ("a = 1.5x", 1),
    ("a = tru", 1),
    ("a = True", 1),
    ("a = yes", 1),
    ("a = infinity", 1),
    ("a = 1\nb = \"abc\nc = 2", 2),
    ("a = 'abc\n", 1),
    ("a = \"\\q\"", 1),
    ("a = \"\\u12G4\"", 1),
    ("a = \"\\u12\"", 1),
    ("a = \"\\uD800\"", 1),
    ("a = \"\\udfff\"", 1),
    ("a = \"x\x01y\"", 1),
    ("a = 'x\x1fy'", 1),
    ("a = 1\nb = \"\"\"\nok\nstill \\x here\n\"\"\"", 4),
    ("a = 1\nb = \"\"\"\nnever closed\n\n", 2),
    ("a = '''\nnever closed", 1),
    ("a = '''\nok\nbad\x02\n'''", 3),
    ("a = \"\"\"x\x00\"\"\"", 1),
    ("a = 1\na = 2", 2),
    ("a = 1\n[s]\nk = 1\n# c\nk = 'again'", 5),
    ("[s]\nk = 1\n[s]\n", 3),
    ("[a.b]\n[a]\nb = 1\n", 3),
    ("[a]\n[a.b]\n[a]\n", 3),
    ("a = 1\n[a.b]\n", 2),
    ("a = 1\n[a]\n", 2),
    ("t = {x = 1}\n[t]\n", 2),
    ("t = {x = 1}\n\n[t.y]\n", 3),
    ("[s]\nt = [1]\n[s.t]\n", 3),
    ("a = [1, 2", 1),
    ("a = [1,\n2,\n3\n", 1),
    ("a = [\n1,\n2 3\n]", 3),
    ("a = [1,,2]", 1),
    ("a = [,]", 1),
    ("a = [1\nb = 2", 2),
    ("a = {x = 1, x = 2}", 1),
    ("a = {\nx = 1,\ny = 2,\nx = 3}", 4),
    ("a = {x = 1", 1),
    ("a = {x 1}", 1),
    ("a = {x = 1 y = 2}", 1),
    ("a = {x = }", 1),
    ("a = {x.y = 1}", 1),
    ("a = [\n  {x = 1},\n  {x = 2, bad},\n]", 3),
    ("ok = 1\nalso = [\n  \"fine\",\n  'unterminated\n]", 4),
    ("k = 1\r\nk2 = 2\r\nk = 3\r\n", 3),
    ("a = 1\n\n\n   !bad", 4),
    ("a = [1, 2] x", 1),
    ("a = {} {}", 1),
    ("a = 1\nb = 2 # fine\nc = 3 4", 3),
    ("a = 1\n[s]\nx = \"\"\"\nline\n\"\"\" junk", 5),
    ("a = 1\nb = '''x''' '''y'''", 2),
    ("[a]\nx=1\n[b]\n[a]", 4),
]



DUMPS = [
    ({}, ""),
    ({"a": 1}, "a = 1\n"),
    ({"a": {}}, "[a]\n"),
    ({"x": None, "t": True, "f": False, "i": -12, "big": 2 ** 70},
     "x = null\nt = true\nf = false\ni = -12\nbig = 1180591620717411303424\n"),
    ({"a": 1.0, "b": -0.0, "c": 1e16, "d": 5e-324, "e": float("inf"), "f": float("-inf"), "g": float("nan"), "h": 0.1},
     "a = 1.0\nb = -0.0\nc = 1e+16\nd = 5e-324\ne = inf\nf = -inf\ng = nan\nh = 0.1\n"),
    ({"s": 'q"b\\n\nt\tr\r\x00\x1f\x7f é😀'}, 's = "q\\"b\\\\n\\nt\\tr\\r\\u0000\\u001F\\u007F é😀"\n'),
    ({"l": [], "m": [1, [2, []], "x", None, {"a": [1], "b": {}}], "e": [{}]},
     'l = []\nm = [1, [2, []], "x", null, {a = [1], b = {}}]\ne = [{}]\n'),
    ({"a": {"x": 1}, "b": 2, "c": {"d": {"e": {}}, "f": 3}, "g": "h"},
     'b = 2\ng = "h"\n\n[a]\nx = 1\n\n[c]\nf = 3\n\n[c.d]\n\n[c.d.e]\n'),
    ({"name": "x", "srv": {"ports": [80, 443], "tls": {"on": True}}, "n": 1.0},
     'name = "x"\nn = 1.0\n\n[srv]\nports = [80, 443]\n\n[srv.tls]\non = true\n'),
    ({"s": {"t": {}}}, "[s]\n\n[s.t]\n"),
    ({"123": {"-": {"_": {}}}}, "[123]\n\n[123.-]\n\n[123.-._]\n"),
]



# ---------------- randomized tests ----------------

KEYS = ["a", "b", "c", "x", "y", "name", "port", "host", "123", "0", "-", "_", "a-b", "A_B", "k9", "Z", "enabled", "list", "inf", "true", "null"]
CHARS = list("abcxyz XYZ019_-.,;#=[]{}'\"\\\t\n\r") + ["\x00", "\x01", "\x1f", "\x7f", "é", "ß", "€", "😀", "中", "\u2028", "\ufeff"]


def rstr(r):
    n = r.choice([0, 1, 3, 8, 20])
    return "".join(r.choice(CHARS) for _ in range(n))


def rfloat(r):
    k = r.random()
    if k < 0.1:
        return r.choice([0.0, -0.0, math.inf, -math.inf, math.nan, 5e-324, 1e300, 1e16, 1e-7, 0.1])
    if k < 0.5:
        return round(r.uniform(-1000, 1000), r.randint(0, 6))
    return r.uniform(-1, 1) * 10 ** r.randint(-30, 30)


def rscalar(r):
    k = r.randrange(7)
    if k == 0:
        return r.choice([True, False, None])
    if k in (1, 2):
        return r.choice([0, 1, -1, r.randint(-10 ** 6, 10 ** 6), r.randint(0, 2 ** 80), -r.randint(0, 2 ** 64)])
    if k == 3:
        return rfloat(r)
    return rstr(r)


def rvalue(r, depth, in_list=False):
    k = r.random()
    if depth > 0 and k < 0.15:
        return [rvalue(r, depth - 1, True) for _ in range(r.randint(0, 4))]
    if depth > 0 and in_list and k < 0.25:
        return {kk: rvalue(r, depth - 1, True) for kk in r.sample(KEYS, r.randint(0, 3))}
    return rscalar(r)


def rtable(r, depth):
    d = {}
    for k in r.sample(KEYS, r.randint(0, 6)):
        if depth > 0 and r.random() < 0.25:
            d[k] = rtable(r, depth - 1)
        else:
            d[k] = rvalue(r, 3)
    return d


# A "noisy" writer: valid but non-canonical text for the same data, exercising the whole syntax.

def n_int(r, v):
    k = r.random()
    if v >= 0 and k < 0.1:
        return "0x" + format(v, r.choice(["x", "X"]))
    if v >= 0 and k < 0.15:
        return "0o" + format(v, "o")
    if v >= 0 and k < 0.2:
        return "0b" + format(v, "b")
    s = str(abs(v))
    if k < 0.5 and len(s) > 1:
        out = s[0]
        for ch in s[1:]:
            if r.random() < 0.3:
                out += "_"
            out += ch
        s = out
    sign = "-" if v < 0 else ("+" if r.random() < 0.2 else "")
    return sign + s


def n_float(r, v):
    if math.isnan(v):
        return r.choice(["nan", "+nan", "-nan"])
    if math.isinf(v):
        return ("-" if v < 0 else r.choice(["", "+"])) + "inf"
    if r.random() < 0.3:
        s = format(v, ".17e")
        return s.replace("e", r.choice(["e", "E"]))
    s = repr(v)
    if r.random() < 0.3 and "e" not in s and not s.startswith("-"):
        s = "+" + s
    return s


def n_basic(r, s):
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
            out.append(r.choice(["\\t", "\t"]))
        elif c == "\r":
            out.append("\\r")
        elif o < 0x20:
            out.append("\\u%04x" % o)
        elif o < 0x10000 and r.random() < 0.15:
            out.append(("\\u%04x" if r.random() < 0.5 else "\\u%04X") % o)
        else:
            out.append(c)
    out.append('"')
    return "".join(out)


def n_str(r, s):
    ctrl = any(ord(c) < 0x20 and c not in "\t\n" for c in s)
    k = r.random()
    if k < 0.2 and not ctrl and "'" not in s and "\n" not in s:
        return "'" + s + "'"
    if k < 0.35 and not ctrl and "'''" not in s and not s.endswith("'"):
        return "'''\n" + s + "'''" if r.random() < 0.7 else ("'''" + s + "'''" if not s.startswith("\n") else "'''\n" + s + "'''")
    if k < 0.6:
        body = []
        for i, c in enumerate(s):
            if c == "\n" and r.random() < 0.7:
                body.append("\n")
                continue
            if c not in " \t\n" and r.random() < 0.1:
                body.append("\\\n" + r.choice(["", "   ", "\t", "\n  \n "]))
            piece = n_basic(r, c)[1:-1]
            body.append(piece)
        txt = "".join(body)
        lead = "\n" if (r.random() < 0.5 or txt.startswith("\n")) else ""
        return '"""' + lead + txt + '"""'
    return n_basic(r, s)


def sp(r):
    return r.choice(["", " ", " ", "  ", "\t"])


def n_value(r, v, indent):
    if v is True or v is False or v is None:
        return {True: "true", False: "false", None: "null"}[v]
    if isinstance(v, int):
        return n_int(r, v)
    if isinstance(v, float):
        return n_float(r, v)
    if isinstance(v, str):
        return n_str(r, v)
    if isinstance(v, list):
        if not v:
            return r.choice(["[]", "[ ]", "[\n" + indent + "]", "[ # empty\n]"])
        multi = r.random() < 0.4
        parts = []
        for x in v:
            parts.append(n_value(r, x, indent + "  "))
        if multi:
            out = "["
            for p in parts:
                out += "\n" + indent + "  " + p + sp(r) + "," + (r.choice(["", " # c", " ; c"]) if r.random() < 0.3 else "")
            if r.random() < 0.3:
                out += "\n" + indent + "  # trailing comment"
            return out + "\n" + indent + "]"
        return "[" + sp(r) + ("," + sp(r)).join(parts) + (r.choice(["", ","]) if parts else "") + sp(r) + "]"
    if isinstance(v, dict):
        items = [k + sp(r) + "=" + sp(r) + n_value(r, x, indent + "  ") for k, x in v.items()]
        if not items:
            return "{}"
        if r.random() < 0.3:
            return "{\n" + "".join(indent + "  " + it + ",\n" for it in items) + indent + "}"
        return "{" + sp(r) + ("," + sp(r)).join(items) + sp(r) + "}"
    raise TypeError(v)


def n_table(r, d, path, out):
    scal = [(k, v) for k, v in d.items() if not isinstance(v, dict)]
    subs = [(k, v) for k, v in d.items() if isinstance(v, dict)]
    inline, sections = [], []
    for k, v in subs:
        (inline if r.random() < 0.2 else sections).append((k, v))
    items = scal + inline
    r.shuffle(items)
    need_header = path and (items or not sections or r.random() < 0.5)
    if need_header:
        out.append(r.choice(["", "\n", "# section\n"]) + "[" + sp(r) + ".".join(path) + sp(r) + "]" + r.choice(["", " # hdr", "  ; hdr"]) + "\n")
    for k, v in items:
        if r.random() < 0.15:
            out.append(sp(r) + r.choice(["# note", "; note", ""]) + "\n")
        out.append(sp(r) + k + sp(r) + "=" + sp(r) + n_value(r, v, "") + r.choice(["", "", sp(r) + "# c", sp(r) + ";c", sp(r)]) + "\n")
    r.shuffle(sections)
    for k, v in sections:
        n_table(r, v, path + [k], out)
    if path and not need_header:
        # table was created implicitly: name it later (allowed once) with nothing inside
        if r.random() < 0.5:
            out.append("[" + ".".join(path) + "]\n")


def noisy(r, d):
    out = []
    n_table(r, d, [], out)
    text = "".join(out)
    if r.random() < 0.2:
        text = text.replace("\n", "\r\n")
    return text


DUMPS_BAD = [
    [1, 2], "x", None, {"a b": 1}, {"": 1}, {"a.b": 1}, {1: 2}, {"a": (1, 2)}, {"a": {1, 2}},
    {"a": b"x"}, {"a": "\ud800"}, {"a": [{"bad key": 1}]}, {"a": {"b": object()}}, {"é": 1},
]


def encode_in(v):
    """A dumps argument for the driver; a bare object() travels as ["object"]."""
    if type(v) is object:
        return ["object"]
    if type(v) is dict:
        return ["dict", [[encode_in(k), encode_in(x)] for k, x in v.items()]]
    if type(v) is list:
        return ["list", [encode_in(x) for x in v]]
    return conf_driver.encode(v)


def build_checks():
    """(call, judge) pairs; judge(result) -> None when right, else a short complaint."""
    checks = []

    def loads_equal(text, want):
        def judge(res):
            if res[0] != "ok":
                return f"raised {res[1]}"
            got = conf_driver.decode(res[1])
            return None if eq_unordered(got, want) else f"got {got!r}"
        checks.append((("loads", text), judge, f"loads({text!r})"))

    def loads_error(text, line):
        def judge(res):
            if res[0] != "err" or not res[1]["conf"]:
                return "no ConfError"
            if line is not None and res[1]["line"] != line:
                return f"line {res[1]['line']}, expected {line}"
            return None
        checks.append((("loads", text), judge, f"loads({text!r}) must fail"))

    def dumps_equal(data, want):
        def judge(res):
            if res[0] != "ok":
                return f"raised {res[1]}"
            got = conf_driver.decode(res[1])
            return None if type(got) is str and got == want else f"got {got!r}"
        checks.append((("dumps", encode_in(data)), judge, f"dumps({data!r})"))

    def dumps_error(data):
        def judge(res):
            return None if res[0] == "err" and res[1]["value"] else "no ValueError"
        checks.append((("dumps", encode_in(data)), judge, f"dumps({data!r}) must fail"))

    for text, want in LOADS:
        if want is None:
            loads_error(text, None)
        else:
            loads_equal(text, want)
    for text, line in ERRORS:
        loads_error(text, line)
    for data, want in DUMPS:
        dumps_equal(data, want)
    for bad in DUMPS_BAD:
        dumps_error(bad)

    r = random.Random(20240611)
    for _ in range(300):
        d = rtable(r, 3)
        dumps_equal(d, ref.dumps(d))
    r = random.Random(777)
    for _ in range(300):
        d = rtable(r, 3)
        loads_equal(ref.dumps(d), d)
    r = random.Random(31337)
    for _ in range(400):
        d = rtable(r, 3)
        text = noisy(r, d)
        want = ref.loads(text)
        if not eq_unordered(want, d):
            raise SystemExit("verifier broken: the reference disagrees with a noisy document")
        loads_equal(text, want)
    # damage valid documents by a single-character edit; whenever the reference rejects the
    # result, the implementation must reject it with the same line number, and accept it otherwise.
    r = random.Random(99)
    for _ in range(600):
        d = rtable(r, 2)
        text = noisy(r, d)
        if not text:
            continue
        pos = r.randrange(len(text))
        ch = r.choice(["\"", "'", "[", "]", "{", "}", ",", "=", "\\", "x", " ", "\n", "#", "_", ".", "0", "\x01"])
        mode = r.randrange(3)
        if mode == 0:
            bad = text[:pos] + ch + text[pos:]
        elif mode == 1:
            bad = text[:pos] + text[pos + 1:]
        else:
            bad = text[:pos] + ch + text[pos + 1:]
        try:
            want = ref.loads(bad)
        except ref.ConfError as e:
            loads_error(bad, e.line)
        else:
            loads_equal(bad, want)
    return checks


def grade():
    exists = hg.run_program(["test", "-f", "/app/confparse.py"], timeout_sec=30)
    if exists.returncode != 0:
        return 0.0, {"error": "/app/confparse.py not found"}
    checks = build_checks()
    calls = [call for call, _, _ in checks]
    work = hg.agent_workdir()
    driver = os.path.join(work, "conf_driver.py")
    with open(os.path.join(HERE, "conf_driver.py"), "rb") as source:
        hg.run_program(["sh", "-c", 'cat > "$0"', driver], stdin=source.read(), timeout_sec=30, cwd=work)
    r = hg.run_program(["python3", "-I", driver], stdin=json.dumps(calls), timeout_sec=240, cwd=work)
    print(f"driver: exit {r.returncode}, {r.cpu_sec:.1f}s CPU, {r.wall_sec:.1f}s wall, {len(calls)} calls")
    try:
        report = json.loads(r.stdout.decode("utf-8", "strict").strip().splitlines()[-1])
        api, results = report["api"], report["results"]
        if not isinstance(results, list) or len(results) != len(checks):
            raise ValueError("wrong number of results")
    except Exception as e:  # noqa: empty or garbled output is the library's failure
        crash = report.get("crash") if isinstance(locals().get("report"), dict) else None
        print("FAIL: no usable observations:", crash or e, r.stderr.decode(errors="replace")[-2000:])
        return 0.0, {"error": "no observations"}
    if api != {"conferror_is_valueerror": True, "loads": True, "dumps": True}:
        print("FAIL: API:", api)
        return 0.0, {"error": "api"}
    bad = 0
    for (_, judge, label), res in zip(checks, results):
        try:
            problem = judge(res)
        except Exception as e:  # noqa: a malformed observation
            problem = f"malformed result {res!r:.100}: {e}"
        if problem:
            bad += 1
            if bad <= 15:
                print("FAIL", label[:200], "->", str(problem)[:300])
    print(f"{len(checks) - bad}/{len(checks)} checks passed")
    return (1.0 if bad == 0 else 0.0), {"checks": len(checks), "failed": bad}


def main():
    reward, details = grade()
    hg.write_reward(reward, details=details)
    return 0


if __name__ == "__main__":
    sys.exit(main())
