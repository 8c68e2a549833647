"""Grade hidden API tests without the agent's code ever running as root or in this process.

The hidden tests (``/tests/test_hidden.py``, ordinary pytest) are rewritten here, as root, into
a *driver*: every ``assert ACTUAL == EXPECTED`` inside a test becomes ``_obs(ACTUAL)`` -- the
value is recorded, the expected value is dropped from the source -- and every test records how
it ended. The driver then runs twice:

- as the agent (``horizon_grading.run_program``), against the agent's code in ``/app``;
- as root, in a subprocess isolated from everything the agent could write (``python3 -I``,
  working folder under root-only ``/tests``), against the reference solution kept in
  ``/tests/ref``.

The reward is 1 only when both runs recorded the same observations and the same outcomes for
every test. The driver prints its record once, at exit, on its own stdout (pytest runs with
``-s``), and makes itself non-dumpable first, so the programs the tests start (and anything
they leave running) cannot open its stdout through ``/proc`` to forge the record. The agent's
process sees no expected value (it reports what its code returned; a trojan that exits early or
prints garbage leaves a missing or wrong record), and the reference never runs next to the
agent's files.

Shipped into ``/tests`` with every task's tests (as ``horizon_grading`` is); tasks import it as
``import horizon_obsgrade as obsgrade``.

Only ``==`` comparisons with a literal on one side are rewritten. Other asserts (``in``,
``is None``, ``not errors``, two computed values compared ...) stay real asserts: a failure
changes the test's recorded outcome. A line marked ``# hz:obs`` records its left side even when
the right side is computed (a model's answer the driver should not need to hold), and the truth
value of any other assert (``assert f(x)`` / ``assert not f(x)``); ``# hz:keep``
keeps a literal comparison as a real assert (a value that is not deterministic).
"""

import ast
import base64
import json
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from typing import Any

import horizon_grading as hg  # type: ignore[import-not-found]  # beside this file in /tests

PRELUDE = r"""
import atexit as _hz_atexit, ctypes as _hz_ctypes, json as _hz_json, os as _hz_os
APP = _hz_os.environ.pop("HZ_APP")  # not inherited by the programs the tests start
_HZ_RECORDS = []
# Not dumpable: other processes of this user (the programs under test and anything they leave
# behind) cannot open this process's /proc/<pid>/fd or memory, so they cannot write the
# observations, which go to this process's own stdout once, at exit.
_hz_ctypes.CDLL(None).prctl(4, 0, 0, 0, 0)  # PR_SET_DUMPABLE, 0
_HZ_STDOUT = _hz_os.dup(1)  # pytest runs with -s: fd 1 is the driver's real stdout


def _hz_canon(x, depth=0):
    import decimal, fractions, math
    if depth > 40:
        return {"deep": 1}
    if x is None or isinstance(x, str):
        return x
    if isinstance(x, (bool, int, fractions.Fraction)) or (
            isinstance(x, decimal.Decimal) and x.is_finite()):
        q = fractions.Fraction(x)
        return int(q) if q.denominator == 1 else {"q": str(q)}
    if isinstance(x, float) or isinstance(x, decimal.Decimal):
        if isinstance(x, float) and math.isfinite(x):
            return _hz_canon(fractions.Fraction(x), depth)
        return {"f": repr(float(x))}
    if isinstance(x, bytes):
        return {"b": x.hex()}
    if isinstance(x, list):
        return [_hz_canon(v, depth + 1) for v in x]
    if isinstance(x, tuple):
        return {"t": [_hz_canon(v, depth + 1) for v in x]}
    if isinstance(x, dict):
        items = [[_hz_canon(k, depth + 1), _hz_canon(v, depth + 1)] for k, v in x.items()]
        return {"d": sorted(items, key=lambda kv: _hz_json.dumps(kv, sort_keys=True))}
    if isinstance(x, (set, frozenset)):
        return {"s": sorted((_hz_canon(v, depth + 1) for v in x),
                            key=lambda v: _hz_json.dumps(v, sort_keys=True))}
    if isinstance(x, BaseException):
        return {"e": type(x).__name__}
    r = repr(x)
    if " at 0x" in r:
        return {"o": type(x).__name__}
    return {"r": type(x).__name__ + ":" + r}


def _hz_obs(value):
    _HZ_RECORDS[-1]["obs"].append(_hz_canon(value))


def _hz_begin(name):
    _HZ_RECORDS.append({"test": name, "obs": [], "outcome": "running"})


def _hz_end(err):
    _HZ_RECORDS[-1]["outcome"] = "ok" if err is None else type(err).__name__


@_hz_atexit.register
def _hz_emit():
    data = ("\nHZOBS " + _hz_json.dumps(_HZ_RECORDS) + "\n").encode()
    while data:
        data = data[_hz_os.write(_HZ_STDOUT, data):]
"""


def _is_keep(node: ast.stmt, lines: list[str]) -> bool:
    return "hz:keep" in lines[node.lineno - 1]


class _Rewrite(ast.NodeTransformer):
    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.depth = 0  # function nesting: only top-level function bodies are rewritten

    def _visit_function(
        self, node: ast.FunctionDef | ast.AsyncFunctionDef
    ) -> ast.FunctionDef | ast.AsyncFunctionDef:
        self.depth += 1
        self.generic_visit(node)
        self.depth -= 1
        if self.depth == 0 and node.name.startswith("test_"):
            body = node.body
            begin = ast.parse(f"_hz_begin({node.name!r})").body[0]
            wrapped = ast.parse(  # a Try statement
                "try:\n    pass\nexcept BaseException as _hz_e:\n    _hz_end(_hz_e)\n    raise\n"
                "else:\n    _hz_end(None)\n"
            ).body[0]
            assert isinstance(wrapped, ast.Try)
            wrapped.body = body
            node.body = [begin, wrapped]
        return node

    def visit_FunctionDef(self, node: ast.FunctionDef) -> ast.AST:
        return self._visit_function(node)

    def visit_AsyncFunctionDef(self, node: ast.AsyncFunctionDef) -> ast.AST:
        return self._visit_function(node)

    def visit_ClassDef(self, node: ast.ClassDef) -> ast.AST:
        self.depth += 1
        self.generic_visit(node)
        self.depth -= 1
        return node

    def visit_Lambda(self, node: ast.Lambda) -> ast.AST:
        return node

    def visit_Assert(self, node: ast.Assert) -> ast.stmt | list[ast.stmt]:
        if self.depth != 1 or _is_keep(node, self.lines):
            return node
        return self._split(node.test, node)

    def _split(self, test: ast.expr, where: ast.stmt) -> list[ast.stmt]:
        if isinstance(test, ast.BoolOp) and isinstance(test.op, ast.And):
            out: list[ast.stmt] = []
            for value in test.values:
                out += self._split(value, where)
            return out
        if isinstance(test, ast.Compare) and len(test.ops) == 1 and isinstance(test.ops[0], ast.Eq):
            left, right = test.left, test.comparators[0]
            actual = None
            if _constant(right) and not _constant(left):
                actual = left
            elif _constant(left) and not _constant(right):
                actual = right
            elif "hz:obs" in self.lines[where.lineno - 1]:
                actual = left
            if actual is not None:
                call = ast.Expr(ast.Call(ast.Name("_hz_obs", ast.Load()), [actual], []))
                return [ast.copy_location(call, where)]
        if "hz:obs" in self.lines[where.lineno - 1]:  # a truth value the driver must not hold
            negated = isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not)
            inner = test.operand if negated and isinstance(test, ast.UnaryOp) else test
            value = ast.Call(ast.Name("bool", ast.Load()), [inner], [])
            call = ast.Expr(ast.Call(ast.Name("_hz_obs", ast.Load()), [value], []))
            return [ast.copy_location(call, where)]
        return [ast.copy_location(ast.Assert(test=test, msg=None), where)]


def _constant(node: ast.expr) -> bool:
    try:
        ast.literal_eval(node)
        return True
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return isinstance(node, ast.BinOp) and _constant(node.left) and _constant(node.right)


def make_driver(test_source: str) -> str:
    """The hidden tests' source rewritten into the recording driver (see the module docstring)."""
    lines = test_source.splitlines()
    tree = _Rewrite(lines).visit(ast.parse(test_source))
    ast.fix_missing_locations(tree)
    body = ast.unparse(tree)
    # Keep `from __future__` first.
    head: list[str] = []
    rest: list[str] = []
    for line in body.splitlines():
        (head if line.startswith("from __future__") else rest).append(line)
    return "\n".join(head) + PRELUDE + "\n" + "\n".join(rest) + "\n"


PYTEST_INI = "[pytest]\naddopts =\n"


def _pytest_args(folder: str) -> list[str]:
    return [
        "-m",
        "pytest",
        "-q",
        "-s",
        "-p",
        "no:cacheprovider",
        "-c",
        f"{folder}/pytest.ini",
        "--rootdir",
        folder,
        "--confcutdir",
        folder,
        f"--basetemp={folder}/tmp",
        f"{folder}/test_driver.py",
    ]


def run_reference(
    driver: str, ref_app: str, timeout_sec: float, inputs: dict[str, str] | None = None
) -> tuple[list[dict[str, Any]], str]:
    """Run the driver as root against ``ref_app`` (ours, under /tests), isolated from the agent."""
    folder = tempfile.mkdtemp(prefix="refrun.", dir="/tests")
    try:
        for name, source in (inputs or {}).items():
            shutil.copyfile(source, f"{folder}/{name}")
        with open(f"{folder}/test_driver.py", "w") as fh:
            fh.write(driver)
        with open(f"{folder}/pytest.ini", "w") as fh:
            fh.write(PYTEST_INI)
        env = {
            "PATH": hg.PROGRAM_PATH,
            "HOME": "/root",
            "LANG": "C.UTF-8",
            "HZ_APP": ref_app,
            "TMPDIR": folder,
            "PYTHONDONTWRITEBYTECODE": "1",
        }
        done = subprocess.run(
            [sys.executable, "-I", *_pytest_args(folder)],
            cwd=folder,
            env=env,
            capture_output=True,
            timeout=timeout_sec,
        )
        log = (done.stdout + done.stderr).decode(errors="replace")
        records = _records(done.stdout)
        if records is None:
            print(log[-4000:])
            raise hg.GradingError("the reference run recorded no observations")
        return records, log
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def put_files(folder: str, files: dict[str, bytes]) -> None:
    """Write files into the agent's ``folder``, as the agent (root cannot enter its 0700 folder)."""
    src = json.dumps({n: base64.b64encode(b).decode() for n, b in files.items()})
    setup = (
        "import base64,json,sys,os\nfor n,t in json.loads(sys.stdin.read()).items():\n"
        "    p = os.path.join(sys.argv[1], n)\n"
        "    os.makedirs(os.path.dirname(p), exist_ok=True)\n"
        "    open(p, 'wb').write(base64.b64decode(t))\n"
    )
    made = hg.run_program(["python3", "-I", "-c", setup, folder], stdin=src, timeout_sec=60)
    if made.returncode != 0:
        raise hg.GradingError(
            "cannot write into the agent's folder: " + made.stderr.decode(errors="replace")
        )


def run_agent(
    driver: str, app: str, timeout_sec: float, inputs: dict[str, str] | None = None
) -> tuple[list[Any] | None, str, float]:
    """Run the driver as the agent against its code in ``app``; None when no readable record."""
    folder = hg.agent_workdir()
    files = {"test_driver.py": driver.encode(), "pytest.ini": PYTEST_INI.encode()}
    for name, source in (inputs or {}).items():
        with open(source, "rb") as fh:
            files[name] = fh.read()
    put_files(folder, files)
    env = {
        "PATH": hg.PROGRAM_PATH,
        "HOME": "/home/agent",
        "USER": "agent",
        "LANG": "C.UTF-8",
        "HZ_APP": app,
        "TMPDIR": folder,
    }
    # -s: no user site-packages, so nothing in the agent's home patches the driver itself.
    res = hg.run_program(
        ["python3", "-s", *_pytest_args(folder)], cwd=folder, env=env, timeout_sec=timeout_sec
    )
    log = (res.stdout + res.stderr).decode(errors="replace")
    if res.timed_out:
        log += f"\n[timed out after {timeout_sec}s]"
    return _records(res.stdout), log, res.wall_sec


def _records(stdout: bytes) -> list[Any] | None:
    """The one ``HZOBS`` line the driver prints at exit; None if absent, repeated or garbled."""
    found = [line for line in stdout.split(b"\n") if line.startswith(b"HZOBS ")]
    if len(found) != 1:
        return None
    try:
        records = json.loads(found[0][len(b"HZOBS ") :])
    except ValueError:
        return None
    return records if isinstance(records, list) else None


def compare(expected: list[dict[str, Any]], got: list[Any] | None) -> tuple[bool, str, int]:
    """(all equal, explanation of the first difference, number of tests that matched)."""
    if got is None:
        return False, "no observations recorded", 0
    matched = 0
    problems = []
    by_index = list(got)
    for i, want in enumerate(expected):
        have = by_index[i] if i < len(by_index) else None
        if not isinstance(have, dict) or have.get("test") != want["test"]:
            problems.append(f"{want['test']}: not run (or out of order)")
            continue
        if have.get("outcome") != want["outcome"]:
            problems.append(f"{want['test']}: ended with {have.get('outcome')!r}")
            continue
        if have.get("obs") != want["obs"]:
            obs = have.get("obs")
            obs = obs if isinstance(obs, list) else []
            k = next(
                (j for j, (a, b) in enumerate(zip(obs, want["obs"], strict=False)) if a != b),
                min(len(obs), len(want["obs"])),
            )
            problems.append(f"{want['test']}: observation #{k + 1} differs")
            continue
        matched += 1
    if len(got) != len(expected) and not problems:
        problems.append(f"{len(got)} test records, {len(expected)} expected")
    return not problems, "; ".join(problems[:8]), matched


def grade(
    *,
    tests: str = "/tests/test_hidden.py",
    ref_app: str = "/tests/ref",
    app: str = "/app",
    timeout_sec: float = 240,
    visible: list[str] | None = None,
    visible_timeout_sec: float = 240,
    visible_expect: str | None = None,
    inputs: dict[str, str] | None = None,
    extra: Callable[[], tuple[bool, dict[str, object]]] | None = None,
) -> None:
    """Run the hidden tests differentially and the visible suite as the agent; write the reward.

    ``inputs``: files (name -> path under /tests) copied next to the driver (inputs only, never
    expected outputs). ``extra``: a function returning (ok, details) for further checks.
    """
    with open(tests) as fh:
        driver = make_driver(fh.read())
    expected, ref_log = run_reference(driver, ref_app, timeout_sec, inputs)
    bad = [r["test"] for r in expected if r["outcome"] != "ok"]
    if bad or not expected:
        print(ref_log[-4000:])
        raise hg.GradingError(f"the reference fails its own hidden tests: {bad}")
    got, log, wall = run_agent(driver, app, timeout_sec, inputs)
    same, why, matched = compare(expected, got)
    details: dict[str, object] = {
        "hidden_tests": len(expected),
        "hidden_matched": matched,
        "hidden_wall_sec": round(wall, 2),
    }
    ok = same
    if not same:
        print("hidden tests: " + why)
        print(log[-3000:])
    if visible is not None:
        r = hg.run_program(visible, cwd=app, timeout_sec=visible_timeout_sec)
        out = (r.stdout + r.stderr).decode(errors="replace")
        vis_ok = (
            r.returncode == 0
            and not r.timed_out
            and (visible_expect is None or visible_expect in r.stdout.decode(errors="replace"))
        )
        details["visible_suite"] = vis_ok
        if not vis_ok:
            print("visible suite failed:\n" + out[-2000:])
        ok = ok and vis_ok
    if extra is not None:
        extra_ok, extra_details = extra()
        details.update(extra_details)
        ok = ok and extra_ok
    details["why"] = why[:500]
    print(f"reward {1 if ok else 0}: {json.dumps(details)}")
    hg.write_reward(1 if ok else 0, details=details)


def run_script(
    source: str,
    args: list[str],
    *,
    timeout_sec: float,
    cwd: str | None = None,
    env: dict[str, str] | None = None,
) -> hg.ProgramResult:
    """Run a Python driver (its source on stdin) as the agent in a fresh (or given) folder."""
    folder = cwd or hg.agent_workdir()
    return hg.run_program(
        ["python3", "-", *args], stdin=source, cwd=folder, env=env, timeout_sec=timeout_sec
    )


def parse_json_line(out: bytes) -> Any:
    """The last non-empty stdout line as JSON, or None (empty or garbled output)."""
    lines = [line for line in out.decode(errors="replace").splitlines() if line.strip()]
    try:
        return json.loads(lines[-1]) if lines else None
    except ValueError:
        return None


_TREE = r"""
import hashlib, json, os, stat, sys
root = sys.argv[1]
out = {}
def entry(p):
    st = os.lstat(p)
    m = st.st_mode
    e = {"mode": stat.S_IMODE(m), "ino": st.st_ino, "nlink": st.st_nlink, "uid": st.st_uid,
         "mtime": int(st.st_mtime), "size": st.st_size}
    if stat.S_ISLNK(m):
        e.update(type="link", target=os.readlink(p))
    elif stat.S_ISDIR(m):
        e.update(type="dir")
    elif stat.S_ISREG(m):
        e["type"] = "file"
        try:
            with open(p, "rb") as fh:
                e["sha256"] = hashlib.sha256(fh.read()).hexdigest()
        except OSError as err:
            e["error"] = type(err).__name__
    else:
        e["type"] = "special"
    return e
try:
    out["."] = entry(root)
    if out["."]["type"] == "dir":
        for cur, dirs, files in os.walk(root):
            for n in sorted(dirs + files):
                p = os.path.join(cur, n)
                out[os.path.relpath(p, root)] = entry(p)
except OSError as err:
    out = {"error": type(err).__name__}
print(json.dumps(out))
"""


def agent_tree(path: str, timeout_sec: float = 60) -> dict[str, Any] | None:
    """What the agent user sees under ``path``, walked as the agent.

    lstat, link targets and sha256 of files, walked by an isolated Python (``-I``: nothing of the
    agent's is imported). ``None`` when the walk fails; ``{"error": ...}`` when ``path`` cannot
    be reached.
    """
    r = hg.run_program(["python3", "-I", "-", path], stdin=_TREE, cwd="/", timeout_sec=timeout_sec)
    data = parse_json_line(r.stdout) if r.returncode == 0 and not r.timed_out else None
    return data if isinstance(data, dict) else None


def read_text(path: str, max_bytes: int = 16 * 1024 * 1024) -> str | None:
    """The file's text read as the agent (read_output), or None (missing, unreadable, not UTF-8)."""
    data = hg.read_output(path, max_bytes=max_bytes)
    if data is None:
        return None
    try:
        text: str = data.decode("utf-8")
        return text
    except UnicodeDecodeError:
        return None
