"""Random Tern programs for the hidden tests (deterministic from a seed).

Programs use every feature of the language; risky statements are wrapped in try/catch so one
program checks many runtime error messages. Loops are bounded, so every program terminates.
"""

import random

INTS = ["a", "b", "c"]
STRS = ["s", "t"]
LISTS = ["xs", "ys"]
MAPS = ["m"]
FUNS = ["add", "twice", "pick"]

RECURSIVE = [
    "fn fib(n) { if n < 2 { return n; } return fib(n - 1) + fib(n - 2); }",
    "fn gcd(x, y) { if y == 0 { return x; } return gcd(y, x % y); }",
    "fn digits(n) { if n < 10 and n > -10 { return [n]; } let r = digits(n / 10); push(r, n % 10); return r; }",
    "fn pw(x, k) { if k == 0 { return 1; } let h = pw(x, k / 2); if k % 2 == 0 { return h * h; } return h * h * x; }",
    "fn walk(v) { if type(v) == \"list\" { let t = 0; for e in v { t = t + walk(e); } return t; } if type(v) == \"int\" { return v; } return len(str(v)); }",
]
REC_CALLS = {
    "fib": lambda r: f"fib({r.randint(0, 18)})",
    "gcd": lambda r: f"gcd({r.randint(-90, 900)}, {r.randint(-40, 400)})",
    "digits": lambda r: f"digits({r.choice(['a', 'b', 'c', str(r.randint(-99999, 99999))])})",
    "pw": lambda r: f"pw({r.randint(-9, 9)}, {r.randint(0, 70)})",
    "walk": lambda r: f"walk([{r.choice(['xs', 'ys', 's', 'm', '1'])}, [a, [b, \"zz\"]], ys])",
}


class Gen:
    def __init__(self, seed):
        self.r = random.Random(seed)
        self.lines = []
        self.ind = 0
        self.uid = 0
        self.loop_vars = []

    def emit(self, text):
        self.lines.append("  " * self.ind + text)

    def fresh(self, base):
        self.uid += 1
        return f"{base}{self.uid}"

    # ---- expressions -------------------------------------------------------------------
    def lit_int(self):
        r = self.r
        return str(r.choice([0, 1, 2, 3, 7, 10, r.randint(-50, 50), r.randint(0, 10**6),
                             9223372036854775807, r.randint(-(2**40), 2**40)]))

    def lit_str(self):
        r = self.r
        pool = ["", "x", "ab", "Hello", "a,b,,c", "tab\\there", "q\\\"uote", "nl\\n", "\\x41\\x7f",
                "back\\\\slash", "MiXeD", "1234", "-17", "+5", " 3", "one two"]
        return '"' + r.choice(pool) + '"'

    def int_expr(self, d=2):
        r = self.r
        if d <= 0 or r.random() < 0.3:
            opts = [self.lit_int(), r.choice(INTS)] + self.loop_vars
            return r.choice(opts)
        k = r.randint(0, 12)
        if k <= 4:
            op = r.choice(["+", "-", "*", "/", "%", "+", "-"])
            return f"({self.int_expr(d - 1)} {op} {self.int_expr(d - 1)})"
        if k == 5:
            return f"-{self.int_expr(d - 1)}"
        if k == 6:
            return f"len({r.choice(STRS + LISTS + MAPS)})"
        if k == 7:
            return f"abs({self.int_expr(d - 1)})"
        if k == 8:
            return f"{r.choice(['min', 'max'])}({self.int_expr(d - 1)}, {self.int_expr(d - 1)})"
        if k == 9:
            return f"find({self.str_expr(d - 1)}, {self.str_expr(d - 1)})"
        if k == 10:
            return f"int({r.choice([self.str_expr(d - 1), 'true', 'false', self.int_expr(d - 1)])})"
        if k == 11:
            return f"{r.choice(FUNS)}({self.int_expr(d - 1)}, {self.int_expr(d - 1)})"
        return f"ord({self.str_expr(d - 1)})"

    def str_expr(self, d=2):
        r = self.r
        if d <= 0 or r.random() < 0.3:
            return r.choice([self.lit_str(), r.choice(STRS), r.choice(STRS)])
        k = r.randint(0, 9)
        if k <= 2:
            return f"({self.str_expr(d - 1)} + {self.str_expr(d - 1)})"
        if k == 3:
            return f"({self.str_expr(d - 1)} * {r.randint(-1, 3)})"
        if k == 4:
            return f"str({self.any_expr(d - 1)})"
        if k == 5:
            return f"repr({self.any_expr(d - 1)})"
        if k == 6:
            return f"slice({self.str_expr(d - 1)}, {self.int_expr(d - 1)}, {self.int_expr(d - 1)})"
        if k == 7:
            return f"{r.choice(['upper', 'lower'])}({self.str_expr(d - 1)})"
        if k == 8:
            return f"join({self.list_expr(d - 1)}, {self.str_expr(0)})"
        return f"chr({r.choice([str(r.randint(32, 126)), str(r.randint(0, 300)), self.int_expr(d - 1)])})"

    def list_expr(self, d=2):
        r = self.r
        if d <= 0 or r.random() < 0.3:
            return r.choice(LISTS)
        k = r.randint(0, 6)
        if k <= 1:
            n = r.randint(0, 4)
            return "[" + ", ".join(self.any_expr(d - 1) for _ in range(n)) + "]"
        if k == 2:
            return f"({self.list_expr(d - 1)} + {self.list_expr(d - 1)})"
        if k == 3:
            return f"slice({self.list_expr(d - 1)}, {self.int_expr(d - 1)}, {self.int_expr(d - 1)})"
        if k == 4:
            sep = r.choice(['","', '" "', '""', '"a"', 's'])
            return f"split({self.str_expr(d - 1)}, {sep})"
        if k == 5:
            args = [str(r.randint(-6, 12)) for _ in range(r.randint(1, 3))]
            return f"range({', '.join(args)})"
        src = r.choice(MAPS + ['{1: 2, "k": 3}'])
        return f"keys({src})"

    def map_expr(self, d=2):
        r = self.r
        if d <= 0 or r.random() < 0.5:
            return r.choice(MAPS)
        n = r.randint(0, 3)
        items = [f"{r.choice([self.int_expr(0), self.str_expr(0)])}: {self.any_expr(d - 1)}" for _ in range(n)]
        return "{" + ", ".join(items) + "}"

    def any_expr(self, d=2):
        r = self.r
        k = r.randint(0, 15)
        if k <= 4:
            return self.int_expr(d)
        if k <= 7:
            return self.str_expr(d)
        if k <= 9:
            return self.list_expr(d)
        if k == 10:
            return self.map_expr(d)
        if k == 11:
            return r.choice(["nil", "true", "false", "print", r.choice(FUNS), "fn(q) { return q; }"])
        if k == 12 and d > 0:
            coll = r.choice(LISTS + STRS + MAPS)
            key = self.int_expr(0) if coll != "m" else r.choice([self.int_expr(0), self.str_expr(0)])
            return f"{coll}[{key}]"
        if k == 13 and d > 0:
            op = r.choice(["==", "!=", "<", "<=", ">", ">="])
            return f"({self.any_expr(d - 1)} {op} {self.any_expr(d - 1)})"
        if k == 14 and d > 0:
            op = r.choice(["and", "or"])
            return f"({self.any_expr(d - 1)} {op} {self.any_expr(d - 1)})"
        if k == 15 and d > 0:
            return f"(not {self.any_expr(d - 1)})"
        return f"type({self.any_expr(d - 1)})"

    # ---- statements --------------------------------------------------------------------
    def guarded(self, stmt):
        """Wrap a statement that may fail in try/catch so the program goes on."""
        e = self.fresh("e")
        self.emit(f"try {{ {stmt} }} catch {e} {{ print(\"error:\", {e}); }}")

    def stmt(self, depth=0, in_loop=False):
        r = self.r
        k = r.randint(0, 21)
        if k <= 4:
            n = r.randint(1, 3)
            self.guarded("print(" + ", ".join(self.any_expr(2) for _ in range(n)) + ");")
        elif k == 5:
            v = r.choice(INTS)
            self.guarded(f"{v} = {self.int_expr(2)};")
        elif k == 6:
            v = r.choice(STRS)
            self.guarded(f"{v} = slice({self.str_expr(2)}, 0, 40);")
        elif k == 7 and not in_loop:
            v = r.choice(LISTS)
            self.guarded(f"{v} = slice({self.list_expr(2)}, 0, 9);")
        elif k == 8 and not in_loop:
            v = r.choice(LISTS)
            op = r.choice(["push", "push", "pop"])
            if op == "push":
                self.guarded(f"push({v}, {self.any_expr(1)});")
            else:
                self.guarded(f"print(\"popped\", pop({v}));")
        elif k == 9:
            v = r.choice(LISTS)
            self.guarded(f"{v}[{self.int_expr(1)}] = {self.any_expr(1)};")
        elif k == 10:
            key = r.choice([self.int_expr(0), self.str_expr(0), self.any_expr(0)])
            act = r.randint(0, 3)
            if act <= 1:
                self.guarded(f"m[{key}] = {self.any_expr(1)};")
            elif act == 2:
                self.guarded(f"del(m, {key});")
            else:
                self.guarded(f"print(has(m, {key}), m[{key}]);")
        elif k == 11 and depth < 2:
            x = self.fresh("x")
            it = r.choice(["xs", "ys", "m", "s", f"range({r.randint(-2, 6)})", "keys(m)", "a", "split(s, \",\")"])
            self.emit(f"try {{ for {x} in {it} {{")
            self.ind += 1
            self.loop_vars.append(x)
            for _ in range(r.randint(1, 3)):
                self.stmt(depth + 1, in_loop=True)
            if r.random() < 0.4:
                self.emit(f"if {self.any_expr(1)} {{ {r.choice(['break', 'continue'])}; }}")
                self.stmt(depth + 1, in_loop=True)
            self.loop_vars.pop()
            self.ind -= 1
            e = self.fresh("e")
            self.emit(f"}} }} catch {e} {{ print(\"loop error:\", {e}); }}")
        elif k == 12 and depth < 2:
            w = self.fresh("w")
            self.emit(f"let {w} = 0;")
            self.emit(f"while {w} < {r.randint(0, 5)} {{")
            self.ind += 1
            self.emit(f"{w} = {w} + 1;")
            self.loop_vars.append(w)
            for _ in range(r.randint(1, 2)):
                self.stmt(depth + 1, in_loop=True)
            if r.random() < 0.4:
                self.emit(f"if {w} == {r.randint(1, 3)} {{ {r.choice(['break', 'continue'])}; }}")
                self.emit(f"print(\"w\", {w});")
            self.loop_vars.pop()
            self.ind -= 1
            self.emit("}")
        elif k == 13 and depth < 2:
            guard = r.random() < 0.85
            if guard:
                self.emit("try {")
            self.emit(f"if {self.any_expr(1)} {{")
            self.ind += 1
            self.stmt(depth + 1, in_loop)
            self.ind -= 1
            if r.random() < 0.5:
                self.emit(f"}} else if {self.any_expr(1)} {{")
                self.ind += 1
                self.stmt(depth + 1, in_loop)
                self.ind -= 1
            if r.random() < 0.5:
                self.emit("} else {")
                self.ind += 1
                self.stmt(depth + 1, in_loop)
                self.ind -= 1
            self.emit("}")
            if guard:
                e = self.fresh("e")
                self.emit(f"}} catch {e} {{ print(\"if error:\", {e}); }}")
        elif k == 14:
            mk = self.fresh("mk")
            ck = self.fresh("ck")
            self.emit(f"fn {mk}(start) {{ let n = start; return fn(d) {{ n = n + d; return n; }}; }}")
            self.emit(f"let {ck} = {mk}(0);")
            self.guarded(f"{ck} = {mk}({self.int_expr(1)});")
            self.guarded(f"print({ck}({self.int_expr(1)}), {ck}({self.int_expr(0)}), {ck});")
        elif k == 15:
            fs = self.fresh("fs")
            self.emit(f"let {fs} = [];")
            self.emit(f"for i in range({r.randint(0, 4)}) {{ let j = i * {r.randint(1, 5)}; push({fs}, fn() {{ return [i, j, a]; }}); }}")
            self.guarded(f"for f in {fs} {{ print(f()); }}")
        elif k == 16:
            v = self.fresh("e")
            val = self.any_expr(1)
            self.emit(f"try {{ if {self.any_expr(1)} {{ throw {val}; }} print(\"not thrown\"); }} catch {v} {{ print(\"caught\", {v}, type({v})); }}")
        elif k == 17:
            v = r.choice(LISTS)
            if r.random() < 0.5:
                self.guarded(f"sort({v}); print({v});")
            else:
                key = r.choice(["fn(v) { return repr(v); }", "fn(v) { return len(str(v)); }",
                                "fn(v) { return -len(repr(v)); }", "fn(v) { return v; }", "abs", "str"])
                self.guarded(f"sort({v}, {key}); print({v});")
        elif k == 18:
            name = r.choice(list(REC_CALLS))
            self.guarded(f"print({REC_CALLS[name](r)});")
        elif k == 19:
            f = r.choice(FUNS)
            n = r.choice([2, 2, 2, 1, 3])
            self.guarded(f"print({f}(" + ", ".join(self.any_expr(1) for _ in range(n)) + "));")
        elif k == 20:
            e1, e2 = self.fresh("e"), self.fresh("e")
            self.emit(f"try {{ try {{ print({self.any_expr(2)}); }} catch {e1} {{ print(\"inner\", {e1}); throw [{e1}, {self.int_expr(0)}]; }} }} catch {e2} {{ print(\"outer\", {e2}); }}")
        else:
            self.guarded(f"print({self.any_expr(3)});")

    def program(self):
        r = self.r
        self.emit(f"let a = {self.lit_int()};")
        self.emit(f"let b = {r.randint(-20, 20)};")
        self.emit(f"let c = {r.randint(1, 1000)};")
        self.emit(f"let s = {self.lit_str()};")
        self.emit(f"let t = \"{r.choice(['tern', 'x,y,z', 'Q'])}\";")
        self.emit(f"let xs = [{r.randint(-5, 5)}, \"{r.choice(['p', 'q'])}\", {r.randint(0, 99)}];")
        self.emit(f"let ys = [{', '.join(str(r.randint(-9, 30)) for _ in range(r.randint(0, 5)))}];")
        self.emit(f"let m = {{\"k\": 1, {r.randint(0, 9)}: [a, s]}};")
        self.emit("fn add(p, q) { return p + q; }")
        self.emit("fn twice(f, v) { return f(f(v)); }")
        self.emit("fn pick(p, q) { if p == nil { return q; } let r = [p, q]; return r[p % 2]; }")
        for src in r.sample(RECURSIVE, 3):
            self.emit(src)
        for _ in range(r.randint(15, 35)):
            self.stmt()
        ending = r.randint(0, 4)
        if ending == 0:
            self.emit(f"print({self.any_expr(3)});")
        elif ending == 1:
            self.emit(f"throw {self.any_expr(1)};")
        elif ending == 2:
            self.emit("fn down(n) { return down(n + 1) + 1; }")
            self.emit("print(down(0));")
        self.emit("print(\"end\", a, b, c, s, t, xs, ys, m);")
        return "\n".join(self.lines) + "\n"


def program(seed):
    g = Gen(seed)
    return g.program()


TOKENS_TO_INSERT = [")", "(", "}", "{", ";", ",", "=", "let", "fn", "else", "]", "==", "<", "\"", "!", "@", "99999999999999999999", "break", "return", "not", "catch"]


def broken_program(seed):
    """A generated program with one random corruption (usually a syntax error)."""
    r = random.Random(seed * 7 + 3)
    lines = program(seed).split("\n")
    i = r.randrange(len(lines) - 1)
    line = lines[i]
    pos = r.randrange(len(line) + 1)
    if r.random() < 0.5 and line:
        j = min(len(line), pos + r.randint(1, 3))
        line = line[:pos] + line[j:]
    else:
        line = line[:pos] + " " + r.choice(TOKENS_TO_INSERT) + " " + line[pos:]
    lines[i] = line
    return "\n".join(lines)
