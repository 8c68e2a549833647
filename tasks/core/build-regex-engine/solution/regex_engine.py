"""A small regular-expression engine (reference solution).

Parser -> AST -> instruction list -> Pike VM (Thompson NFA simulation with
capture slots and thread priorities).  Thread priority reproduces the
leftmost-first semantics of a backtracking matcher, while the VM runs in
O(len(program) * len(input)) time.
"""

__all__ = ["RegexError", "compile", "search", "match", "fullmatch",
           "findall", "finditer", "sub", "split", "Pattern", "Match"]


class RegexError(Exception):
    pass


DIGITS = frozenset("0123456789")
WORD = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")
SPACE = frozenset(" \t\n\r\f\v")
CLASS_ESCAPES = {"d": (DIGITS, False), "D": (DIGITS, True),
                 "w": (WORD, False), "W": (WORD, True),
                 "s": (SPACE, False), "S": (SPACE, True)}
CHAR_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "f": "\f", "v": "\v"}


# ---------------------------------------------------------------- parser
# AST nodes are tuples:
#   ("char", predicate)   predicate: callable(ch) -> bool
#   ("cat", [nodes]) ("alt", [nodes]) ("group", index, node)
#   ("rep", node, min, max_or_None, greedy) ("assert", kind)

class _Parser:
    def __init__(self, pattern):
        self.p = pattern
        self.i = 0
        self.ngroups = 0
        self.names = {}

    def peek(self):
        return self.p[self.i] if self.i < len(self.p) else None

    def error(self, msg):
        raise RegexError("%s at position %d" % (msg, self.i))

    def parse(self):
        node = self.parse_alt()
        if self.i < len(self.p):
            self.error("unbalanced parenthesis")
        return node

    def parse_alt(self):
        branches = [self.parse_cat()]
        while self.peek() == "|":
            self.i += 1
            branches.append(self.parse_cat())
        return branches[0] if len(branches) == 1 else ("alt", branches)

    def parse_cat(self):
        items = []
        while True:
            c = self.peek()
            if c is None or c in "|)":
                break
            if c in "*+?" or (c == "{" and self._quantifier_at(self.i)):
                self.error("nothing to repeat")
            atom = self.parse_atom()
            atom = self.parse_quantifiers(atom)
            items.append(atom)
        return items[0] if len(items) == 1 else ("cat", items)

    def _quantifier_at(self, i):
        """Return (min, max, next_index) if a {..} quantifier starts at i."""
        p = self.p
        if i >= len(p) or p[i] != "{":
            return None
        j = i + 1
        if j < len(p) and p[j] == "}":
            return None
        lo = hi = ""
        while j < len(p) and p[j] in DIGITS:
            lo += p[j]
            j += 1
        if j < len(p) and p[j] == ",":
            j += 1
            while j < len(p) and p[j] in DIGITS:
                hi += p[j]
                j += 1
            hi_val = int(hi) if hi else None
        else:
            hi_val = int(lo) if lo else None
        if j >= len(p) or p[j] != "}":
            return None
        lo_val = int(lo) if lo else 0
        return lo_val, hi_val, j + 1

    def parse_quantifiers(self, atom):
        c = self.peek()
        if c is None:
            return atom
        if c in "*+?":
            lo, hi = {"*": (0, None), "+": (1, None), "?": (0, 1)}[c]
            self.i += 1
        else:
            q = self._quantifier_at(self.i)
            if q is None:
                return atom
            lo, hi, self.i = q
            if hi is not None and hi < lo:
                self.error("min repeat greater than max repeat")
        if atom[0] == "assert":
            self.error("nothing to repeat")
        greedy = True
        if self.peek() == "?":
            greedy = False
            self.i += 1
        nxt = self.peek()
        if nxt is not None and (nxt in "*+?" or (nxt == "{" and self._quantifier_at(self.i))):
            self.error("multiple repeat")
        return ("rep", atom, lo, hi, greedy)

    def parse_atom(self):
        c = self.p[self.i]
        self.i += 1
        if c == "(":
            return self.parse_group()
        if c == "[":
            return self.parse_class()
        if c == ".":
            return ("char", lambda ch: ch != "\n")
        if c == "^":
            return ("assert", "bol")
        if c == "$":
            return ("assert", "eol")
        if c == "\\":
            return self.parse_escape()
        return ("char", _literal(c))

    def parse_group(self):
        index = None
        if self.p.startswith("?:", self.i):
            self.i += 2
        elif self.p.startswith("?P<", self.i):
            end = self.p.find(">", self.i + 3)
            if end < 0:
                self.error("missing >, unterminated name")
            name = self.p[self.i + 3:end]
            if not _valid_name(name):
                self.error("bad character in group name")
            if name in self.names:
                self.error("redefinition of group name")
            self.i = end + 1
            self.ngroups += 1
            index = self.ngroups
            self.names[name] = index
        elif self.peek() == "?":
            self.error("unsupported group extension")
        else:
            self.ngroups += 1
            index = self.ngroups
        node = self.parse_alt()
        if self.peek() != ")":
            self.error("missing ), unterminated subpattern")
        self.i += 1
        if index is None:
            return ("cat", [node])     # a group is never a bare assertion
        return ("group", index, node)

    def parse_escape(self):
        if self.i >= len(self.p):
            self.error("bad escape (end of pattern)")
        c = self.p[self.i]
        self.i += 1
        if c in CLASS_ESCAPES:
            chars, neg = CLASS_ESCAPES[c]
            return ("char", _set_pred(chars, neg))
        if c == "b":
            return ("assert", "wordb")
        if c == "B":
            return ("assert", "nwordb")
        if c in CHAR_ESCAPES:
            return ("char", _literal(CHAR_ESCAPES[c]))
        if c.isascii() and c.isalnum():
            self.error("bad escape \\" + c)
        return ("char", _literal(c))

    def parse_class(self):
        negate = False
        if self.peek() == "^":
            negate = True
            self.i += 1
        chars = set()
        sets = []            # (charset, negated) from \d etc.
        ranges = []
        first = True
        while True:
            c = self.peek()
            if c is None:
                self.error("unterminated character set")
            if c == "]" and not first:
                self.i += 1
                break
            first = False
            lo, lo_is_set = self._class_item()
            if lo_is_set:
                sets.append(lo)
                if self.peek() == "-" and self.p[self.i + 1:self.i + 2] not in ("]", ""):
                    self.error("bad character range")
                continue
            if self.peek() == "-" and self.i + 1 < len(self.p) and self.p[self.i + 1] != "]":
                self.i += 1
                hi, hi_is_set = self._class_item()
                if hi_is_set:
                    self.error("bad character range")
                if ord(hi) < ord(lo):
                    self.error("bad character range")
                ranges.append((lo, hi))
            else:
                chars.add(lo)

        def pred(ch, chars=frozenset(chars), sets=tuple(sets), ranges=tuple(ranges), negate=negate):
            hit = ch in chars
            if not hit:
                for lo, hi in ranges:
                    if lo <= ch <= hi:
                        hit = True
                        break
            if not hit:
                for s, neg in sets:
                    if (ch in s) != neg:
                        hit = True
                        break
            return hit != negate
        return ("char", pred)

    def _class_item(self):
        """Return (char, False) or ((charset, negated), True)."""
        c = self.p[self.i]
        self.i += 1
        if c != "\\":
            return c, False
        if self.i >= len(self.p):
            self.error("bad escape (end of pattern)")
        c = self.p[self.i]
        self.i += 1
        if c in CLASS_ESCAPES:
            return CLASS_ESCAPES[c], True
        if c in CHAR_ESCAPES:
            return CHAR_ESCAPES[c], False
        if c.isascii() and c.isalnum():
            self.error("bad escape \\" + c)
        return c, False


def _literal(c):
    return lambda ch: ch == c


def _set_pred(chars, neg):
    return lambda ch: (ch in chars) != neg


def _valid_name(name):
    return bool(name) and not name[0].isdigit() and all(ch.isalnum() or ch == "_" for ch in name) \
        and name.isascii()


# ---------------------------------------------------------------- compiler
CHAR, SPLIT, JMP, SAVE, ASSERT, MATCH = range(6)


def _nullable(node):
    kind = node[0]
    if kind == "char":
        return False
    if kind == "assert":
        return True
    if kind == "cat":
        return all(_nullable(n) for n in node[1])
    if kind == "alt":
        return any(_nullable(n) for n in node[1])
    if kind == "group":
        return _nullable(node[2])
    if kind == "rep":
        return node[2] == 0 or _nullable(node[1])
    raise AssertionError(kind)


class _Compiler:
    def __init__(self):
        self.prog = []

    def emit(self, *ins):
        self.prog.append(list(ins))
        return len(self.prog) - 1

    def compile(self, node):
        kind = node[0]
        if kind == "char":
            self.emit(CHAR, node[1])
        elif kind == "assert":
            self.emit(ASSERT, node[1])
        elif kind == "cat":
            for n in node[1]:
                self.compile(n)
        elif kind == "alt":
            jumps = []
            branches = node[1]
            for k, n in enumerate(branches):
                if k < len(branches) - 1:
                    split = self.emit(SPLIT, None, None)
                    self.prog[split][1] = len(self.prog)
                    self.compile(n)
                    jumps.append(self.emit(JMP, None))
                    self.prog[split][2] = len(self.prog)
                else:
                    self.compile(n)
            for j in jumps:
                self.prog[j][1] = len(self.prog)
        elif kind == "group":
            self.emit(SAVE, 2 * node[1])
            self.compile(node[2])
            self.emit(SAVE, 2 * node[1] + 1)
        elif kind == "rep":
            _, body, lo, hi, greedy = node
            for _ in range(lo):
                self.compile(body)
            if hi is None:
                start = self.emit(SPLIT, None, None)
                self.compile(body)
                self.emit(JMP, start)
                self._set_split(start, start + 1, len(self.prog), greedy)
            else:
                splits = []
                for _ in range(hi - lo):
                    splits.append(self.emit(SPLIT, None, None))
                    self.compile(body)
                end = len(self.prog)
                for s in splits:
                    self._set_split(s, s + 1, end, greedy)
        else:
            raise AssertionError(kind)

    def _set_split(self, at, body, out, greedy):
        self.prog[at][1], self.prog[at][2] = (body, out) if greedy else (out, body)


def _is_word(s, i):
    return 0 <= i < len(s) and s[i] in WORD


def _check_assert(kind, s, i):
    if kind == "bol":
        return i == 0
    if kind == "eol":
        return i == len(s)
    boundary = _is_word(s, i - 1) != _is_word(s, i)
    if kind == "wordb":
        return boundary
    return not boundary and len(s) > 0     # \B never matches in an empty string


# ---------------------------------------------------------------- VM
def _run(prog, nslots, s, start, anchored, full, must_advance):
    """Return the capture tuple of the best match starting at >= start, or None."""
    n = len(s)
    nprog = len(prog)
    empty_caps = (None,) * nslots

    def add(threads, seen, pc, caps, i):
        stack = [(pc, caps)]
        while stack:
            pc, caps = stack.pop()
            if seen[pc]:
                continue
            seen[pc] = True
            ins = prog[pc]
            op = ins[0]
            if op == JMP:
                stack.append((ins[1], caps))
            elif op == SPLIT:
                stack.append((ins[2], caps))
                stack.append((ins[1], caps))
            elif op == SAVE:
                c = list(caps)
                c[ins[1]] = i
                stack.append((pc + 1, tuple(c)))
            elif op == ASSERT:
                if _check_assert(ins[1], s, i):
                    stack.append((pc + 1, caps))
            else:
                threads.append((pc, caps))

    clist = []
    matched = None
    i = start
    while True:
        if matched is None and (not anchored or i == start):
            seen = [False] * nprog
            for pc, _ in clist:
                seen[pc] = True
            # A new thread starting at i has the lowest priority; record where it
            # starts in slot 0 of its captures.
            caps = list(empty_caps)
            caps[0] = i
            new = []
            add(new, seen, 0, tuple(caps), i)
            clist = clist + new
        if not clist and (matched is not None or anchored or i >= n):
            break
        nlist = []
        seen = [False] * nprog
        ch = s[i] if i < n else None
        for pc, caps in clist:
            ins = prog[pc]
            if ins[0] == MATCH:
                if full and i != n:
                    continue
                if must_advance and i == start:
                    continue
                c = list(caps)
                c[1] = i
                matched = tuple(c)
                break               # lower-priority threads are cut off
            if ch is not None and ins[1](ch):
                add(nlist, seen, pc + 1, caps, i + 1)
        clist = nlist
        i += 1
        if i > n:
            break
    return matched


# ---------------------------------------------------------------- public API
class Match:
    def __init__(self, pattern, string, caps):
        self.re = pattern
        self.string = string
        self._caps = caps

    def _index(self, g):
        if isinstance(g, str):
            if g not in self.re.groupindex:
                raise IndexError("no such group")
            return self.re.groupindex[g]
        if isinstance(g, int) and 0 <= g <= self.re.groups:
            return g
        raise IndexError("no such group")

    def span(self, group=0):
        g = self._index(group)
        a, b = self._caps[2 * g], self._caps[2 * g + 1]
        if a is None or b is None:
            return (-1, -1)
        return (a, b)

    def start(self, group=0):
        return self.span(group)[0]

    def end(self, group=0):
        return self.span(group)[1]

    def _get(self, g, default=None):
        a, b = self.span(g)
        return default if a < 0 else self.string[a:b]

    def group(self, *groups):
        if not groups:
            return self._get(0)
        if len(groups) == 1:
            return self._get(groups[0])
        return tuple(self._get(g) for g in groups)

    def __getitem__(self, g):
        return self._get(g)

    def groups(self, default=None):
        return tuple(self._get(g, default) for g in range(1, self.re.groups + 1))

    def groupdict(self, default=None):
        return {name: self._get(idx, default) for name, idx in self.re.groupindex.items()}

    def expand(self, template):
        return _expand(self.re, template)(self)

    def __repr__(self):
        return "<regex_engine.Match object; span=%r, match=%r>" % (self.span(), self.group())


class Pattern:
    def __init__(self, pattern):
        if not isinstance(pattern, str):
            raise TypeError("pattern must be a str")
        parser = _Parser(pattern)
        ast = parser.parse()
        comp = _Compiler()
        comp.compile(ast)
        comp.emit(MATCH)
        self.pattern = pattern
        self.groups = parser.ngroups
        self.groupindex = dict(parser.names)
        self._prog = comp.prog
        self._nslots = 2 * (parser.ngroups + 1)

    def _exec(self, string, pos, anchored=False, full=False, must_advance=False):
        caps = _run(self._prog, self._nslots, string, pos, anchored, full, must_advance)
        return None if caps is None else Match(self, string, caps)

    def search(self, string, pos=0):
        return self._exec(string, pos)

    def match(self, string, pos=0):
        return self._exec(string, pos, anchored=True)

    def fullmatch(self, string, pos=0):
        return self._exec(string, pos, anchored=True, full=True)

    def finditer(self, string):
        pos = 0
        must_advance = False
        while pos <= len(string):
            m = self._exec(string, pos, must_advance=must_advance)
            if m is None:
                return
            yield m
            pos = m.end()
            must_advance = m.end() == m.start()

    def findall(self, string):
        out = []
        for m in self.finditer(string):
            if self.groups == 0:
                out.append(m.group())
            elif self.groups == 1:
                out.append(m.group(1) or "")
            else:
                out.append(m.groups(""))
        return out

    def sub(self, repl, string, count=0):
        fn = repl if callable(repl) else _expand(self, repl)
        out = []
        last = 0
        n = 0
        for m in self.finditer(string):
            if count and n >= count:
                break
            out.append(string[last:m.start()])
            out.append(fn(m))
            last = m.end()
            n += 1
        out.append(string[last:])
        return "".join(out)

    def split(self, string, maxsplit=0):
        out = []
        last = 0
        n = 0
        for m in self.finditer(string):
            if maxsplit and n >= maxsplit:
                break
            out.append(string[last:m.start()])
            out.extend(m.groups())
            last = m.end()
            n += 1
        out.append(string[last:])
        return out

    def __repr__(self):
        return "regex_engine.compile(%r)" % self.pattern


def _expand(pattern, template):
    """Compile a replacement template into a function of a Match."""
    parts = []          # str or group index
    lit = []
    i = 0
    t = template
    while i < len(t):
        c = t[i]
        if c != "\\":
            lit.append(c)
            i += 1
            continue
        if i + 1 >= len(t):
            raise RegexError("bad escape (end of template)")
        d = t[i + 1]
        if d == "g":
            end = t.find(">", i + 3)
            if not t.startswith("<", i + 2) or end < 0:
                raise RegexError("missing group name in template")
            name = t[i + 3:end]
            if name.isdigit():
                idx = int(name)
                if idx > pattern.groups:
                    raise RegexError("invalid group reference %d" % idx)
            elif name in pattern.groupindex:
                idx = pattern.groupindex[name]
            else:
                raise RegexError("unknown group name %r" % name)
            parts.append("".join(lit))
            lit = []
            parts.append(idx)
            i = end + 1
        elif d in DIGITS:
            j = i + 1
            digits = d
            if j + 1 < len(t) and t[j + 1] in DIGITS:
                digits += t[j + 1]
            idx = int(digits)
            if idx > pattern.groups or idx == 0:
                raise RegexError("invalid group reference %d" % idx)
            parts.append("".join(lit))
            lit = []
            parts.append(idx)
            i += 1 + len(digits)
        elif d == "\\":
            lit.append("\\")
            i += 2
        elif d in CHAR_ESCAPES:
            lit.append(CHAR_ESCAPES[d])
            i += 2
        elif d.isascii() and d.isalpha():
            raise RegexError("bad escape \\" + d)
        else:
            lit.append("\\" + d)
            i += 2
    parts.append("".join(lit))

    def fn(m):
        return "".join(p if isinstance(p, str) else (m.group(p) or "") for p in parts)
    return fn


def compile(pattern):
    return Pattern(pattern)


def search(pattern, string):
    return Pattern(pattern).search(string)


def match(pattern, string):
    return Pattern(pattern).match(string)


def fullmatch(pattern, string):
    return Pattern(pattern).fullmatch(string)


def findall(pattern, string):
    return Pattern(pattern).findall(string)


def finditer(pattern, string):
    return Pattern(pattern).finditer(string)


def sub(pattern, repl, string, count=0):
    return Pattern(pattern).sub(repl, string, count)


def split(pattern, string, maxsplit=0):
    return Pattern(pattern).split(string, maxsplit)
