import re

_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_ASSIGN = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)[ \t]*=(.*)\Z", re.S)
_INTERP = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")


def _interp(s, env):
    return _INTERP.sub(lambda m: env.get(m.group(1), ""), s)


def _check_tail(tail, n):
    t = tail.lstrip(" \t")
    if t and not t.startswith("#"):
        raise ValueError(f"line {n}: unexpected text after quoted value")


def parse_dotenv(text):
    env = {}
    for n, line in enumerate(text.split("\n"), 1):
        if line.endswith("\r"):
            line = line[:-1]
        s = line.lstrip(" \t")
        if not s or s.startswith("#"):
            continue
        m = re.match(r"export[ \t]+", s)
        if m:
            s = s[m.end():]
        m = _ASSIGN.match(s)
        if not m:
            raise ValueError(f"line {n}: invalid assignment")
        key, raw = m.group(1), m.group(2)
        rest = raw.lstrip(" \t")
        if rest.startswith("'"):
            end = rest.find("'", 1)
            if end < 0:
                raise ValueError(f"line {n}: unterminated single-quoted value")
            val = rest[1:end]
            _check_tail(rest[end + 1:], n)
        elif rest.startswith('"'):
            out = []
            i = 1
            closed = False
            while i < len(rest):
                c = rest[i]
                if c == "\\" and i + 1 < len(rest):
                    d = rest[i + 1]
                    out.append({"n": "\n", "t": "\t", "\\": "\\", '"': '"', "$": "$"}.get(d, "\\" + d))
                    i += 2
                    continue
                if c == '"':
                    closed = True
                    break
                if c == "$":
                    mm = _INTERP.match(rest, i)
                    if mm:
                        out.append(env.get(mm.group(1), ""))
                        i = mm.end()
                        continue
                out.append(c)
                i += 1
            if not closed:
                raise ValueError(f"line {n}: unterminated double-quoted value")
            val = "".join(out)
            _check_tail(rest[i + 1:], n)
        else:
            cut = None
            for i, c in enumerate(raw):
                if c == "#" and (i == 0 or raw[i - 1] in " \t"):
                    cut = i
                    break
            if cut is not None:
                raw = raw[:cut]
            val = _interp(raw.strip(" \t"), env)
        env[key] = val
    return env
