"""Driver for build-regex-engine: run as the agent user, never as root.

The verifier starts it with an interpreter in which the `re` machinery (`_sre`) cannot be
initialised. Before it imports /app/regex_engine.py it gives up the right to start processes
(RLIMIT_NPROC = 0) and installs an audit hook refusing ctypes and process creation, so the
engine can reach no other regex implementation. It reads the cases (marshal) on stdin, runs each
through the engine and writes marshal(repr(results)) to its original stdout. It holds no
expected values; the root grader compares.
"""
import os
import sys


def run_op(mod, err, pattern, op, s, extra):
    """One case; also used by the grader with `re` (err = re.error) for the expected values."""
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
        return ("E", "error" if isinstance(e, err) else type(e).__name__)


_DENIED = ("os.system", "os.exec", "os.posix_spawn", "os.fork", "os.forkpty", "subprocess.Popen",
           "os.startfile", "_posixsubprocess", "os.kill", "os.killpg", "signal.pthread_kill")


def _hook(event, args):
    if event.startswith("ctypes.") or event in _DENIED:
        raise RuntimeError(f"not allowed while graded: {event}")
    if event == "import" and args and str(args[0]).split(".")[0] in ("ctypes", "_ctypes"):
        raise ImportError("ctypes is not available while graded")
    if event == "open" and args and isinstance(args[0], (str, bytes)):
        path = os.fsdecode(args[0])
        if path.startswith("/proc") or path.startswith("/dev/mem"):
            raise PermissionError(f"not allowed while graded: open {path}")


def main():
    import marshal
    import resource

    out_fd = os.dup(1)
    os.dup2(2, 1)  # whatever the engine prints goes to stderr
    cases = marshal.loads(sys.stdin.buffer.read())
    resource.setrlimit(resource.RLIMIT_NPROC, (0, 0))
    sys.addaudithook(_hook)
    sys.path.append("/app")
    sys.setrecursionlimit(10000)
    results = []
    try:
        import regex_engine as mod
        err = getattr(mod, "RegexError", Exception)
        for pattern, op, s, extra in cases:
            if op == "perf":
                try:
                    results.append(mod.compile(pattern).search(s) is None
                                   and mod.compile(pattern).fullmatch(s) is None)
                except Exception as e:  # noqa
                    results.append(repr(e))
                continue
            results.append(run_op(mod, err, pattern, op, s, extra))
        payload = marshal.dumps(repr(results))
    except BaseException as e:  # noqa: the engine failed to import or crashed the driver
        payload = marshal.dumps(repr(("CRASH", type(e).__name__, str(e)[:500])))
    with os.fdopen(out_fd, "wb") as out:
        out.write(payload)


if __name__ == "__main__":
    main()
