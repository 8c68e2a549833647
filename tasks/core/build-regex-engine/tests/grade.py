"""Hidden verifier for build-regex-engine (runs as root from /tests).

Generates (seeded) thousands of pattern/input cases and computes the expected results with
Python's `re`, here, in the grader's memory. The agent's /app/regex_engine.py only ever runs as
the agent user (horizon_grading.run_program), inside /tests/regex_driver.py, under a copy of
python3.11 made here in which `_sre` cannot be initialised (its PyInit__sre returns NULL), with
no right to start processes and ctypes refused: `re` and every other regex engine are out of
its reach. CPU time is measured from outside over the whole process tree.
Exit 0 once a reward is written; non-zero only when the grader itself broke.
"""
import ast
import marshal
import os
import random
import re
import shutil
import struct
import sys
import tempfile
import warnings

import horizon_grading as hg

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import regex_driver  # noqa: E402  (our own code: run_op for the expected values)

warnings.simplefilter("ignore")

ALPHA = "abc"
NOISE = "abcabcabcxyzAB_019 -.\t"
CPU_LIMIT_SEC = 150.0
HERE = os.path.dirname(os.path.abspath(__file__))


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
    return regex_driver.run_op(re, re.error, pattern, op, s, extra)


def python_without_sre(folder):
    """A copy of python3.11 whose PyInit__sre returns NULL: `re` cannot be imported in it."""
    src = os.path.realpath(shutil.which("python3.11") or "/usr/bin/python3.11")
    data = bytearray(open(src, "rb").read())
    if data[:5] != b"\x7fELF\x02":
        raise SystemExit("verifier broken: python3.11 is not a 64-bit ELF")
    e_phoff, e_shoff = struct.unpack_from("<QQ", data, 0x20)
    e_phentsize, e_phnum, e_shentsize, e_shnum, _ = struct.unpack_from("<HHHHH", data, 0x36)
    secs = [struct.unpack_from("<IIQQQQIIQQ", data, e_shoff + i * e_shentsize) for i in range(e_shnum)]
    loads = []
    for i in range(e_phnum):
        p_type, _, p_offset, p_vaddr, _, p_filesz = struct.unpack_from("<IIQQQQ", data, e_phoff + i * e_phentsize)
        if p_type == 1:  # PT_LOAD
            loads.append((p_vaddr, p_offset, p_filesz))
    target = None
    for _, typ, _, _, off, size, link, _, _, entsize in secs:
        if typ != 11:  # SHT_DYNSYM
            continue
        stroff = secs[link][4]
        for j in range(size // entsize):
            st_name, _, _, _, st_value, _ = struct.unpack_from("<IBBHQQ", data, off + j * entsize)
            name = data[stroff + st_name:data.index(b"\0", stroff + st_name)]
            if name == b"PyInit__sre" and st_value:
                target = st_value
    if target is None:
        raise SystemExit("verifier broken: PyInit__sre not found in python3.11")
    for vaddr, offset, filesz in loads:
        if vaddr <= target < vaddr + filesz:
            at = target - vaddr + offset
            data[at:at + 3] = b"\x31\xc0\xc3"  # xor eax, eax; ret
            break
    else:
        raise SystemExit("verifier broken: PyInit__sre outside the loaded segments")
    exe = os.path.join(folder, "python3.11")
    with open(exe, "wb") as out:
        out.write(data)
    os.chmod(exe, 0o755)
    probe = hg.run_program([exe, "-I", "-S", "-c", "import re"], timeout_sec=60)
    if probe.returncode == 0:
        raise SystemExit("verifier broken: re still imports in the patched interpreter")
    return exe


def grade():
    exists = hg.run_program(["test", "-f", "/app/regex_engine.py"], timeout_sec=30)
    if exists.returncode != 0:
        return 0.0, {"error": "/app/regex_engine.py not found"}
    cases = build_cases()
    expected = [expected_for(c) for c in cases]
    folder = tempfile.mkdtemp(prefix="horizon-nosre.", dir="/tmp")  # root's; others may enter
    os.chmod(folder, 0o755)
    python = python_without_sre(folder)
    driver = os.path.join(folder, "regex_driver.py")
    shutil.copyfile(os.path.join(HERE, "regex_driver.py"), driver)
    os.chmod(driver, 0o644)
    work = hg.agent_workdir()
    r = hg.run_program([python, "-I", "-S", driver], stdin=marshal.dumps(cases),
                       timeout_sec=6 * CPU_LIMIT_SEC, cwd=work)
    print("engine ran %.1f s CPU (%.1f s wall) for %d cases" % (r.cpu_sec, r.wall_sec, len(cases)))
    if r.timed_out or r.cpu_sec > CPU_LIMIT_SEC:
        print("FAIL: more than %.0f s of CPU for the whole test set" % CPU_LIMIT_SEC)
        return 0.0, {"error": "cpu limit", "cpu_sec": round(r.cpu_sec, 1)}
    try:
        actual = ast.literal_eval(marshal.loads(r.stdout))
    except Exception:  # noqa: garbled or empty output is the engine's failure
        print("FAIL: no results from the driver; stderr:", r.stderr.decode(errors="replace")[-3000:])
        return 0.0, {"error": "no results"}
    if not isinstance(actual, list) or len(actual) != len(cases):
        print("FAIL: the engine crashed:", repr(actual)[:2000], r.stderr.decode(errors="replace")[-2000:])
        return 0.0, {"error": "crash"}
    bad = 0
    for case, exp, act in zip(cases, expected, actual):
        ok = (act is True) if case[1] == "perf" else repr(exp) == repr(act)
        if not ok:
            bad += 1
            if bad <= 15:
                print("MISMATCH", repr(case)[:300], "\n  expected", repr(exp)[:300], "\n  actual  ", repr(act)[:300])
    print("%d/%d cases correct" % (len(cases) - bad, len(cases)))
    return (1.0 if bad == 0 else 0.0), {"cases": len(cases), "wrong": bad, "cpu_sec": round(r.cpu_sec, 1)}


def main():
    reward, details = grade()
    hg.write_reward(reward, details=details)
    return 0


if __name__ == "__main__":
    sys.exit(main())
