"""Maintainer tool (not run by the verifier): generates tests/generated/*.bk
(seeded random programs) and records the reference interpreter's stdout,
stderr and exit code for every program in tests/expected.json, and the
outputs of environment/examples/*.bk.

    python3 tests/make_expected.py solution/brook.py
"""
import json
import os
import random
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


class Gen:
    def __init__(self, rng):
        self.r = rng
        self.vars = []

    def num(self):
        r = self.r.random()
        if r < 0.6:
            return str(self.r.randint(0, 20))
        if r < 0.8:
            return "%d.%d" % (self.r.randint(0, 9), self.r.randint(1, 99))
        return str(self.r.choice([100, 1000, 65536, 999999, 12345678]))

    def string(self):
        return '"%s"' % self.r.choice(["", "a", "ab", "hello", "x y", "Brook", "a\\tb", "q\\\"q", "10", "-7", "2.5"])

    def expr(self, depth=3):
        r = self.r.random()
        if depth <= 0 or r < 0.25:
            c = self.r.random()
            if self.vars and c < 0.35:
                return self.r.choice(self.vars)
            if c < 0.7:
                return self.num()
            if c < 0.85:
                return self.string()
            return self.r.choice(["none", "true", "false"])
        if r < 0.55:
            op = self.r.choice(["+", "-", "*", "/", "//", "%", "+", "<", "<=", ">", ">=", "==", "!=", "&&", "||"])
            return "(%s %s %s)" % (self.expr(depth - 1), op, self.expr(depth - 1))
        if r < 0.62:
            return "%s%s" % (self.r.choice(["-", "not "]), self.expr(depth - 1))
        if r < 0.7:
            return "[%s]" % ", ".join(self.expr(depth - 1) for _ in range(self.r.randint(0, 3)))
        if r < 0.75:
            return "{%s}" % ", ".join("%s: %s" % (self.r.choice(['"k"', '"j"', "1", "1.0", "2.5", "true", "none"]), self.expr(depth - 1))
                                      for _ in range(self.r.randint(0, 2)))
        if r < 0.9:
            fn = self.r.choice(["len", "str", "type", "num", "floor", "abs", "sqrt", "str", "type", "int", "float"])
            return "%s(%s)" % (fn, self.expr(depth - 1))
        if r < 0.95:
            return "substr(%s, %d, %d)" % (self.string(), self.r.randint(0, 2), self.r.randint(0, 4))
        return "%s[%s]" % (self.r.choice(['"hello"', "[1, 2, 3]", '{"k": 1}', '("ab" * 2)']), self.r.choice(["0", "1", "2", "3", '"k"', "1.5", "-1", "-4", "1.0"]))

    def program(self, ok):
        lines = []
        self.vars = []
        target = self.r.randint(8, 25)
        attempts = 0
        while len(lines) < target and attempts < 400:
            attempts += 1
            before = len(lines)
            nvars = len(self.vars)
            self.step(lines)
            if not ok("\n".join(lines) + "\n"):
                del lines[before:]
                del self.vars[nvars:]
        # most programs end with one statement that fails at run time
        if self.r.random() < 0.5:
            for _ in range(100):
                cand = lines + ["say %s;" % self.expr()]
                if not ok("\n".join(cand) + "\n"):
                    lines = cand
                    break
        return "\n".join(lines) + "\n"

    def step(self, lines):
        for i in range(1):
            r = self.r.random()
            if r < 0.25 or not self.vars:
                name = "v%d" % len(self.vars)
                lines.append("let %s = %s;" % (name, self.expr()))
                self.vars.append(name)
            elif r < 0.35:
                lines.append("%s = %s;" % (self.r.choice(self.vars), self.expr()))
            elif r < 0.45:
                lines.append("if (%s) say %s; else say %s;" % (self.expr(2), self.expr(2), self.expr(2)))
            elif r < 0.5:
                v = self.r.choice(self.vars)
                lines.append("{ let t = %s;\n  say t; }" % self.expr(2))
            elif r < 0.55:
                lines.append("for (e in %s) say e;" % self.r.choice(['"hey"', "[1, 2.5, none]", '{"k": 1, 2: 3}', "range(-1, 2)", self.expr(1)]))
            else:
                lines.append("say %s;" % self.expr())


def make_ok(ref):
    import importlib.util
    import io
    spec = importlib.util.spec_from_file_location("brook_ref", ref)
    q = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(q)

    def ok(src):
        try:
            stmts = q.Parser(q.scan(src)).program()
            q.Resolver().resolve_all(stmts)
            q.Interpreter(io.StringIO()).run(stmts)
            return True
        except (q.StaticError, q.BrookRuntimeError):
            return False
    return ok


def main():
    ref = sys.argv[1]
    rng = random.Random(20261203)
    ok = make_ok(ref)
    gdir = os.path.join(HERE, "generated")
    os.makedirs(gdir, exist_ok=True)
    for old in os.listdir(gdir):
        os.remove(os.path.join(gdir, old))
    for i in range(160):
        with open(os.path.join(gdir, "gen_%03d.bk" % i), "w") as f:
            f.write(Gen(rng).program(ok))
    expected = {}
    for sub in ("programs", "generated"):
        d = os.path.join(HERE, sub)
        for name in sorted(os.listdir(d)):
            if not name.endswith(".bk"):
                continue
            p = subprocess.run([sys.executable, ref, os.path.join(d, name)], capture_output=True, text=True, timeout=60)
            expected["%s/%s" % (sub, name)] = {"stdout": p.stdout, "stderr": p.stderr, "code": p.returncode}
    examples = os.path.join(HERE, "..", "environment", "examples")
    for name in sorted(os.listdir(examples)):
        if name.endswith(".bk"):
            base = os.path.join(examples, name[:-3])
            p = subprocess.run([sys.executable, ref, base + ".bk"], capture_output=True, text=True, timeout=60)
            for ext in (".out", ".err", ".exitcode"):
                if os.path.exists(base + ext):
                    os.remove(base + ext)
            with open(base + ".out", "w") as f:
                f.write(p.stdout)
            if p.returncode:
                with open(base + ".err", "w") as f:
                    f.write(p.stderr)
                with open(base + ".exitcode", "w") as f:
                    f.write("%d\n" % p.returncode)
    with open(os.path.join(HERE, "expected.json"), "w") as f:
        json.dump(expected, f, indent=0, sort_keys=True)
    codes = {}
    for v in expected.values():
        codes[v["code"]] = codes.get(v["code"], 0) + 1
    print(len(expected), "programs; exit codes:", codes)


if __name__ == "__main__":
    main()
