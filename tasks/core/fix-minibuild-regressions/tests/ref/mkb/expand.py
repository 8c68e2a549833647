"""Expansion of $-references and built-in functions."""
import glob
import os

from .errors import BuildError
from .variables import RECURSIVE


class Expander:
    """Expands text against a VariableStore plus optional automatic variables."""

    MAX_DEPTH = 200

    def __init__(self, variables):
        self.variables = variables
        self._active = []          # recursive variables being expanded (loop detection)

    # -- public ------------------------------------------------------------------------
    def expand(self, text, auto=None):
        return self._expand(text, auto or {})

    # -- core --------------------------------------------------------------------------
    def _expand(self, text, auto):
        out = []
        i, n = 0, len(text)
        while i < n:
            c = text[i]
            if c != "$":
                j = text.find("$", i)
                if j < 0:
                    j = n
                out.append(text[i:j])
                i = j
                continue
            if i + 1 >= n:
                out.append("$")
                break
            nxt = text[i + 1]
            if nxt == "$":
                out.append("$")
                i += 2
            elif nxt in "({":
                close = ")" if nxt == "(" else "}"
                end = _matching(text, i + 1, nxt, close)
                if end < 0:
                    raise BuildError(f"unterminated variable reference in '{text}'")
                out.append(self._reference(text[i + 2:end], auto))
                i = end + 1
            else:
                out.append(self._variable(nxt, auto))
                i += 2
        return "".join(out)

    def _reference(self, body, auto):
        name, sep, rest = _split_function(body)
        if sep and name in FUNCTIONS:
            return FUNCTIONS[name](self, rest, auto)
        # substitution reference $(VAR:a=b)
        colon = _top_level_index(body, ":")
        if colon >= 0 and "=" in body[colon + 1:]:
            var = self._expand(body[:colon], auto)
            frm, _, to = self._expand(body[colon + 1:], auto).partition("=")
            if "%" not in frm:
                frm, to = "%" + frm, "%" + to
            return " ".join(_patsubst_word(w, frm, to) for w in self._variable(var, auto).split())
        return self._variable(self._expand(body, auto), auto)

    def _variable(self, name, auto):
        if name in auto:
            return auto[name]
        var = self.variables.lookup(name)
        if var is None:
            return ""
        if var.flavor != RECURSIVE:
            return var.value
        if name in self._active:
            raise BuildError(f"Recursive variable '{name}' references itself (eventually)")
        if len(self._active) > self.MAX_DEPTH:
            raise BuildError("expansion too deep")
        self._active.append(name)
        try:
            return self._expand(var.value, auto)
        finally:
            self._active.pop()

    def args(self, rest, auto, count):
        """Split `rest` into at most `count` comma-separated args (top level) and expand."""
        parts = []
        start = 0
        depth = 0
        for k, ch in enumerate(rest):
            if ch in "({":
                depth += 1
            elif ch in ")}":
                depth -= 1
            elif ch == "," and depth == 0 and len(parts) < count - 1:
                parts.append(rest[start:k])
                start = k + 1
        parts.append(rest[start:])
        while len(parts) < count:
            parts.append("")
        return [self._expand(p, auto) for p in parts]


def _matching(text, open_index, open_ch, close_ch):
    depth = 0
    for k in range(open_index, len(text)):
        ch = text[k]
        if ch == open_ch:
            depth += 1
        elif ch == close_ch:
            depth -= 1
            if depth == 0:
                return k
    return -1


def _top_level_index(text, ch):
    depth = 0
    for k, c in enumerate(text):
        if c in "({":
            depth += 1
        elif c in ")}":
            depth -= 1
        elif c == ch and depth == 0:
            return k
    return -1


def _split_function(body):
    for k, ch in enumerate(body):
        if ch in " \t":
            return body[:k], True, body[k + 1:].lstrip(" \t")
        if not (ch.isalnum() or ch == "-"):
            break
    return body, False, ""


# -- pattern helpers -------------------------------------------------------------------
def match_pattern(pattern, word):
    """The stem if `word` matches `pattern` (with one %), else None."""
    pre, pct, post = pattern.partition("%")
    if not pct:
        return "" if word == pattern else None
    if len(word) >= len(pre) + len(post) and word.startswith(pre) and word.endswith(post):
        return word[len(pre):len(word) - len(post)]
    return None


def _patsubst_word(word, pattern, replacement):
    stem = match_pattern(pattern, word)
    if stem is None:
        return word
    if "%" in pattern:
        return replacement.replace("%", stem, 1)
    return replacement


# -- functions -------------------------------------------------------------------------
def _f_wildcard(ex, rest, auto):
    (pats,) = ex.args(rest, auto, 1)
    out = []
    for pat in pats.split():
        out.extend(sorted(glob.glob(pat)))
    return " ".join(out)


def _f_patsubst(ex, rest, auto):
    pat, rep, text = ex.args(rest, auto, 3)
    pat, rep = pat.strip(), rep.strip()
    return " ".join(_patsubst_word(w, pat, rep) for w in text.split())


def _f_subst(ex, rest, auto):
    frm, to, text = ex.args(rest, auto, 3)
    if not frm:
        return text
    return text.replace(frm, to)


def _filter(ex, rest, auto, keep):
    pats, text = ex.args(rest, auto, 2)
    pats = pats.split()
    return " ".join(w for w in text.split()
                    if any(match_pattern(p, w) is not None for p in pats) == keep)


def _f_sort(ex, rest, auto):
    (text,) = ex.args(rest, auto, 1)
    return " ".join(sorted(set(text.split())))


def _f_word(ex, rest, auto):
    n, text = ex.args(rest, auto, 2)
    try:
        k = int(n.strip())
    except ValueError:
        raise BuildError(f"non-numeric first argument to 'word' function: '{n.strip()}'")
    if k < 1:
        raise BuildError("first argument to 'word' function must be greater than 0")
    words = text.split()
    return words[k - 1] if k <= len(words) else ""


def _each(fn):
    def f(ex, rest, auto):
        (text,) = ex.args(rest, auto, 1)
        return " ".join(fn(w) for w in text.split())
    return f


def _dir(w):
    d = w.rpartition("/")[0]
    return d + "/" if "/" in w else "./"


def _basename(w):
    stem, dot, suffix = w.rpartition(".")
    if not dot or "/" in suffix:
        return w
    return stem


def _suffix(w):
    stem, dot, suffix = w.rpartition(".")
    if not dot or "/" in suffix:
        return ""
    return "." + suffix


def _affix(prefix):
    def f(ex, rest, auto):
        a, text = ex.args(rest, auto, 2)
        return " ".join((a + w) if prefix else (w + a) for w in text.split())
    return f


FUNCTIONS = {
    "wildcard": _f_wildcard,
    "patsubst": _f_patsubst,
    "subst": _f_subst,
    "filter": lambda ex, r, a: _filter(ex, r, a, True),
    "filter-out": lambda ex, r, a: _filter(ex, r, a, False),
    "sort": _f_sort,
    "strip": lambda ex, r, a: " ".join(ex.args(r, a, 1)[0].split()),
    "words": lambda ex, r, a: str(len(ex.args(r, a, 1)[0].split())),
    "word": _f_word,
    "firstword": lambda ex, r, a: (ex.args(r, a, 1)[0].split() or [""])[0],
    "notdir": _each(lambda w: w.rpartition("/")[2]),
    "dir": _each(_dir),
    "basename": _each(_basename),
    "suffix": lambda ex, r, a: " ".join(s for s in (_suffix(w) for w in ex.args(r, a, 1)[0].split()) if s),
    "addprefix": _affix(True),
    "addsuffix": _affix(False),
}

del os
