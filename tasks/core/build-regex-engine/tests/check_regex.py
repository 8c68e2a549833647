"""Hidden verifier for build-regex-engine.

Generates (seeded) thousands of pattern/input cases, computes the expected
results with Python's `re`, runs /app/regex_engine.py in a child process in
which `re` and `_sre` cannot be imported, and requires every case to agree.
"""
import marshal
import os
import random
import re
import subprocess
import sys
import time
import warnings

warnings.simplefilter("ignore")

ALPHA = "abc"
NOISE = "abcabcabcxyzAB_019 -.\t"


# ------------------------------------------------------------ pattern generator
class Gen:
    def __init__(self, rng):
        self.r = rng
        self.ngroups = 0
        self.names = []

    def atom(self, depth):
        """Return (text, nullable, is_assert)."""
        r = self.r
        k = r.random()
        if k < 0.38:
            return r.choice("aaabbbcc"), False, False
        if k < 0.43:
            return r.choice([".", "."]), False, False
        if k < 0.50:
            return r.choice(["\\d", "\\w", "\\s", "\\D", "\\W", "\\S", "\\.", "\\-", "\\*", "\\(", "-", " ", "_", "x", "1", "}", "\\{", "\\\\", "\\t"]), False, False
        if k < 0.60:
            return self.charclass(), False, False
        if k < 0.64:
            return r.choice(["^", "$", "\\b", "\\B"]), True, True
        if depth <= 0:
            return r.choice("abc"), False, False
        # group
        body, nullable = self.alt(depth - 1)
        g = r.random()
        if g < 0.5:
            self.ngroups += 1
            return "(" + body + ")", nullable, False
        if g < 0.65:
            self.ngroups += 1
            name = "n%d" % len(self.names)
            self.names.append(name)
            return "(?P<" + name + ">" + body + ")", nullable, False
        return "(?:" + body + ")", nullable, False

    def charclass(self):
        r = self.r
        items = []
        for _ in range(r.randint(1, 3)):
            items.append(r.choice(["a", "b", "c", "a-c", "b-c", "x-z", "0-9", "\\d", "\\w", "\\s", "\\W", "_", ".", "*", "\\]", "\\-", "A-Z", "(", "|"]))
        body = "".join(items)
        if r.random() < 0.1:
            body = "]" + body
        if r.random() < 0.1:
            body = body + "-"
        if r.random() < 0.05:
            body = "-" + body
        neg = "^" if r.random() < 0.3 else ""
        return "[" + neg + body + "]"

    def quant(self):
        r = self.r
        q = r.choice(["*", "+", "?", "*", "+", "?", "{2}", "{1,3}", "{0,2}", "{2,}", "{,2}", "{0}", "{1}", "{,}", "{3,4}"])
        if r.random() < 0.35:
            q += "?"
        return q

    def piece(self, depth):
        text, nullable, is_assert = self.atom(depth)
        if is_assert or self.r.random() > 0.35:
            return text, nullable
        q = self.quant()
        # Quantifying a sub-pattern that can match the empty string is out of
        # scope (except the {0,1} forms).
        if nullable and not q.startswith("?"):
            return text, nullable
        qmin = 0 if q[0] in "*?" or q.startswith("{0") or q.startswith("{,") else 1
        return text + q, nullable or qmin == 0

    def concat(self, depth):
        parts = []
        nullable = True
        for _ in range(self.r.randint(1, 4)):
            t, n = self.piece(depth)
            parts.append(t)
            nullable = nullable and n
        return "".join(parts), nullable

    def alt(self, depth):
        r = self.r
        branches = []
        nullable = False
        for _ in range(1 if r.random() < 0.7 else r.randint(2, 3)):
            if r.random() < 0.05:
                branches.append("")
                nullable = True
                continue
            t, n = self.concat(depth)
            branches.append(t)
            nullable = nullable or n
        return "|".join(branches), nullable


def gen_pattern(rng):
    g = Gen(rng)
    text, _ = g.alt(rng.choice([1, 2, 2, 3]))
    return text, g.ngroups


def gen_input(rng):
    n = rng.choice([0, 1, 2, 3, 5, 8, 12, 20])
    alpha = ALPHA if rng.random() < 0.6 else NOISE
    return "".join(rng.choice(alpha) for _ in range(n))


HANDWRITTEN = [
    (r"(\w+)@(\w+)\.com", ["mail bob@example.com and amy@test.com", "x@y.org", "@a.com"]),
    (r"(?P<year>\d{4})-(?P<month>\d\d)-(?P<day>\d\d)", ["on 2023-01-15 and 1999-12-31.", "20-01-01", "12345-67-890"]),
    (r"^\s*(\w+)\s*=\s*(.*?)\s*$", ["  key = some value  ", "k=v", "=v"]),
    (r"<(\w+)>.*?</\1x>".replace("\\1x", "b"), ["<b>bold</b> and <i>x</i> <b>2</b>", "<b></b>"]),
    (r"a.*b", ["axxbyyb", "ab", "ba"]),
    (r"a.*?b", ["axxbyyb", "ab", "ba"]),
    (r"(a|ab)(c|bcd)(d*)", ["abcd", "abcdd", "acd"]),
    (r"(a+|b+)*c", ["aabbac", "c", "abab"]),
    (r"(?:(a)|(b))+", ["ab", "ba", "aab", ""]),
    (r"(a)|(b)", ["b", "a", "cab"]),
    (r"\bfoo\b", ["foo food foo.bar afoo foo_ foo", "foo"]),
    (r"\Boo\B", ["foo food oo boot", "oo"]),
    (r"[^\s,]+", ["a, b ,c,, d", "", ",,,"]),
    (r"x{2,3}?", ["xxxxxxx", "x"]),
    (r"x{2,3}", ["xxxxxxx", "x"]),
    (r"(ab){2}", ["abababab", "ab"]),
    (r"[]a-]+", ["]a-b]", "b"]),
    (r"[a\-z]+", ["a-z-b", "m"]),
    (r"\d+(?:\.\d+)?", ["pi is 3.14159, e is 2.7, n=42.", "1.", ".5"]),
    (r"(\d+)-(\d+)?", ["10-20 30- 40", "-"]),
    (r"a{,}b{,2}c{}", ["aabbbc{}", "c{}"]),
    (r"a{x}|b{1,x}|c{", ["a{x} b{1,x} c{", "abc"]),
    (r"$", ["abc", ""]),
    (r"^", ["abc", ""]),
    (r"", ["abc", ""]),
    (r"|a", ["aba", ""]),
    (r"a|", ["aba", ""]),
    (r"(a)|b|", ["cabd", ""]),
    (r"\W+", ["hello, world! 42_x", ""]),
    (r"(?P<first>\w)(?P<rest>\w*)", ["hello big world", ""]),
    (r".", ["a\nb", "\n"]),
    (r"[.]\*", ["a.*b", "*"]),
    (r"\t\n?", ["a\tb\t\nc", ""]),
]

ERRORS = [
    "(", ")", "a)", "(a", "((a)", "(?:a", "*", "+a", "?", "a**", "a*+*", "a?*", "a{2}*",
    "a{2}{3}", "(*a)", "a|*", "[", "[a", "[]", "[^]", "[z-a]", "[a-\\d]", "[\\w-z]",
    "a{3,2}", "\\", "a\\", "\\q", "\\i", "[\\q]", "\\e", "^*", "$+", "\\b*", "(?P<1a>x)",
    "(?P<n>a)(?P<n>b)", "(?P<>a)", "(?P<a", "a{2,1}?", "x++?", "(a))", "\\y",
]

PERF = [
    # (pattern, input) -> no match; exponential for naive backtracking
    (r"(a|a)*b", "a" * 28),
    (r"(a|aa)+c", "a" * 40),
    (r"(?:a+)+b", "a" * 30),
    (r"(x+x+)+y", "x" * 30),
    (r"^(\w+\s?)*$", "aaaa aaaa aaaa aaaa aaaa aaaa aaaa!"),
    (r"(a|b|ab)*c", "ab" * 20),
]


def long_cases():
    out = []
    s = "ab" * 10000 + "c"
    out.append((r"(?:a|b)*c", "search", s, None))
    out.append((r"(a|b)*?c", "search", s, None))
    out.append((r"([ab]+)c", "fullmatch", s, None))
    t = ("word " * 3000) + "end"
    out.append((r"\w+", "findall", t, None))
    out.append((r"(\w+) (\w+)", "sub", t, (r"\2 \1", 0)))
    out.append((r"\s+", "split", t, 0))
    out.append((r".*end", "match", t, None))
    out.append((r"x*", "sub", "ab" * 2000, ("-", 0)))
    return out


# ------------------------------------------------------------ expected values
def run_op(mod, pattern, op, s, extra):
    """Used both with `re` (expected) and in the child (actual)."""
    try:
        p = mod.compile(pattern)
        if op in ("search", "match", "fullmatch"):
            m = getattr(p, op)(s)
            if m is None:
                return None
            spans = tuple(m.span(g) for g in range(p.groups + 1))
            return ("M", spans, m.group(), m.groups(), m.groups("-"), sorted(m.groupdict().items()),
                    m.start(), m.end(), m[0])
        if op == "findall":
            return ("L", p.findall(s))
        if op == "finditer":
            return ("L", [m.span() for m in p.finditer(s)])
        if op == "sub":
            tmpl, count = extra
            return ("S", p.sub(tmpl, s, count))
        if op == "subfn":
            return ("S", p.sub(lambda m: "<" + m.group(0).upper() + ">", s, extra))
        if op == "split":
            return ("L", p.split(s, extra))
        if op == "module":
            return ("S", repr((mod.search(pattern, s) is not None, mod.findall(pattern, s),
                               mod.sub(pattern, "#", s), mod.split(pattern, s),
                               mod.match(pattern, s) is not None, mod.fullmatch(pattern, s) is not None)))
        if op == "attrs":
            return ("A", p.groups, sorted(p.groupindex.items()), p.pattern)
        if op == "compile":
            return ("C",)
        raise ValueError(op)
    except Exception as e:  # noqa
        return ("E", "error" if isinstance(e, getattr(mod, "RegexError", re.error)) else type(e).__name__)


def templates(rng, ngroups):
    ts = ["", "-", "[\\g<0>]", "<>"]
    if ngroups:
        g = rng.randint(1, ngroups)
        ts += ["\\%d" % g, "(\\g<%d>)" % g, "\\%d\\%d" % (g, rng.randint(1, ngroups)), "x\\\\y\\%d" % g]
    return ts


def build_cases():
    rng = random.Random(int(os.environ.get("SEED", "20240611")))
    cases = []
    for pattern, inputs in HANDWRITTEN:
        p = re.compile(pattern)
        for s in inputs:
            for op in ("search", "match", "fullmatch", "findall", "finditer", "split", "module"):
                cases.append((pattern, op, s, 0))
            for t in templates(rng, p.groups):
                cases.append((pattern, "sub", s, (t, 0)))
            cases.append((pattern, "subfn", s, 0))
        cases.append((pattern, "attrs", "", None))
    seen = set()
    while len(seen) < 4000:
        pattern, ngroups = gen_pattern(rng)
        if pattern in seen:
            continue
        try:
            re.compile(pattern)
        except re.error:
            continue
        seen.add(pattern)
        for _ in range(3):
            s = gen_input(rng)
            op = rng.choice(["search", "search", "match", "fullmatch", "findall", "finditer", "split", "sub"])
            if op == "sub":
                extra = (rng.choice(templates(rng, ngroups)), rng.choice([0, 0, 1, 2]))
            elif op == "split":
                extra = rng.choice([0, 0, 1, 2])
            else:
                extra = None
            cases.append((pattern, op, s, extra))
        cases.append((pattern, "attrs", "", None))
    for e in ERRORS:
        cases.append((e, "compile", "", None))
    for pattern, s in PERF:
        cases.append((pattern, "perf", s, None))
    cases.extend(long_cases())
    return cases


def expected_for(case):
    pattern, op, s, extra = case
    if op == "perf":
        return None
    return run_op(re, pattern, op, s, extra)


CHILD = r'''
import marshal, sys
for name in ("re", "_sre", "sre_compile", "sre_parse", "sre_constants", "re._compiler",
             "re._parser", "re._constants", "re._casefix", "regex", "fnmatch", "glob"):
    sys.modules[name] = None
sys.path.insert(0, __import__("os").environ.get("APP_DIR", "/app"))
ns = {}
exec(compile(sys.stdin.buffer.read(), "<runner>", "exec"), ns)
'''

RUNNER = r'''
import marshal, sys
data = marshal.loads(CASES)
import regex_engine as mod
run_op = RUN_OP
out = []
for pattern, op, s, extra in data:
    if op == "perf":
        try:
            out.append(mod.compile(pattern).search(s) is None and mod.compile(pattern).fullmatch(s) is None)
        except Exception as e:
            out.append(repr(e))
        continue
    out.append(run_op(mod, pattern, op, s, extra))
sys.stdout.buffer.write(marshal.dumps(repr(out)))
'''


def main():
    if not os.path.isfile(os.environ.get("APP_DIR", "/app") + "/regex_engine.py"):
        print("FAIL: /app/regex_engine.py not found")
        return 1
    cases = build_cases()
    expected = [expected_for(c) for c in cases]
    import inspect
    src = inspect.getsource(run_op).replace("re.error", "Exception")
    runner = ("CASES = %r\n" % marshal.dumps(cases)) + src + RUNNER.replace("RUN_OP", "run_op")
    t0 = time.time()
    try:
        proc = subprocess.run([sys.executable, "-S", "-c", CHILD], input=runner.encode(),
                              capture_output=True, timeout=150)
    except subprocess.TimeoutExpired:
        print("FAIL: the engine took longer than 150 s for the whole test set")
        return 1
    print("child ran %.1f s for %d cases" % (time.time() - t0, len(cases)))
    if proc.returncode != 0:
        print("FAIL: child crashed:", proc.stderr.decode(errors="replace")[-3000:])
        return 1
    import ast
    actual = ast.literal_eval(marshal.loads(proc.stdout))
    bad = 0
    for case, exp, act in zip(cases, expected, actual):
        if case[1] == "perf":
            ok = act is True
        else:
            ok = repr(exp) == repr(act)
        if not ok:
            bad += 1
            if bad <= 15:
                print("MISMATCH", repr(case)[:300], "\n  expected", repr(exp)[:300], "\n  actual  ", repr(act)[:300])
    print("%d/%d cases correct" % (len(cases) - bad, len(cases)))
    return 0 if bad == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
