"""Grading helpers for task verifiers: run the agent's program as the agent, compare, reward.

Copied to ``/tests/horizon_grading.py``; the verifier runs as root with ``PYTHONPATH=/tests``, so
``import horizon_grading`` and ``python3 -m horizon_grading`` work. Standard library only: it
runs under the sandbox's system python3.11. The agent is an adversary (DESIGN.md, "Grading
integrity"), so a verifier that uses these helpers keeps to four rules:

- Run everything the agent wrote -- its build steps too -- with ``run_program``: never import
  the agent's code into the verifier or start it with ``subprocess`` (it would run as root).
- Expected outputs stay under ``/tests`` (root-only) or in the verifier's memory. Never write
  them anywhere the program can read before or while it runs, nor put them on a command line
  (``/proc/*/cmdline`` is world-readable). Give the program a fresh ``agent_workdir()``.
- Read what the program wrote with ``read_output`` (as the agent, so a symlink to
  ``/tests/expected.txt`` fails), never with ``open()`` as root.
- Root needs CAP_SETUID and CAP_SETGID in the sandbox to become the agent; nothing else.

Command line (for bash verifiers; exit 0 done, 2 the verifier or sandbox is broken)::

    python3 -m horizon_grading run --timeout 10 [--cwd DIR] [--stdin FILE] -- prog args...
    python3 -m horizon_grading workdir
    python3 -m horizon_grading reward 1

``run`` prints one JSON line: the ``ProgramResult`` fields, with ``stdout``/``stderr`` replaced
by ``stdout_path``/``stderr_path``, files in a fresh root-only (0700) folder.
"""

import argparse
import ctypes
import json
import os
import pwd
import resource
import select
import selectors
import signal
import stat
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

AGENT_USER = "agent"
PROGRAM_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
REWARD_DIR = Path("/logs/verifier")
MAX_OUTPUT_BYTES = 64 * 1024 * 1024
"""Per stream; more is read and dropped (so the program never blocks on a full pipe)."""
SWEEP_TIMEOUT_SEC = 30.0
"""How long killing and reaping the program's processes may take before the verifier gives up."""
PR_SET_CHILD_SUBREAPER = 36  # <linux/prctl.h>
_CANNOT_SWITCH_USER = 3  # a killer child's exit code when setuid fails
_LAUNCH_SCRIPT = 'echo $$; cd -- "$0" || exit 127; exec "$@"'
_LAUNCH = ("/usr/bin/setsid", "--fork", "/bin/sh", "-c", _LAUNCH_SCRIPT)
"""Start the program (``cwd argv...`` follow) from small processes; its pid is stdout's first line.

Linux records a process's resident size before its ``exec`` in its ``ru_maxrss``, so a program
forked straight from this (possibly large) Python would report this process's size. ``setsid``
forks a small ``sh`` and exits; ``sh`` writes its pid, enters ``cwd`` as the agent (root without
CAP_DAC_OVERRIDE cannot enter the agent's 0700 folders) and ``exec``s the program in place. It
re-parents to us (the subreaper) and is reaped here with its own usage (``sh`` adds ~1 ms).
"""
_CAPS_HINT = "The verifier runs as root and needs CAP_SETUID and CAP_SETGID in the sandbox."


class GradingError(Exception):
    """The helpers cannot grade (sandbox or verifier broken): let it end the verifier non-zero."""


@dataclass(frozen=True)
class ProgramResult:
    """One run of the agent's program, measured from outside it (it cannot patch these)."""

    returncode: int
    """Exit code; ``-N`` when killed by signal N; 127 when the program or ``cwd`` is missing."""
    stdout: bytes
    stderr: bytes
    wall_sec: float
    """From start until the program exited and its output pipes closed, or the timeout."""
    cpu_sec: float
    """User + system CPU of every process of the run, orphaned and ``setsid`` ones included."""
    max_rss_kb: int
    """Largest peak resident set size of any one process of the run."""
    timed_out: bool
    """The timeout ended the run (maybe the program exited, but orphans held its output open)."""
    stdout_truncated: bool = False
    stderr_truncated: bool = False


@dataclass(frozen=True)
class Comparison:
    """Whether two outputs match; truthy when they do. ``explanation`` says where they differ."""

    same: bool
    explanation: str = ""

    def __bool__(self) -> bool:
        return self.same


def run_program(
    argv: Sequence[str],
    *,
    stdin: bytes | str | None = None,
    timeout_sec: float,
    cwd: str | None = None,
    env: Mapping[str, str] | None = None,
    user: str = AGENT_USER,
    max_output_bytes: int = MAX_OUTPUT_BYTES,
) -> ProgramResult:
    """Run ``argv`` as ``user`` and return its outputs and resource use; nothing of it survives.

    The run ends when the program has exited and its stdout and stderr are closed (a forked
    child still writing is waited for, as ``subprocess.run`` does), or at the timeout. Then every
    process of ``user`` is killed -- daemons, double-forked and ``setsid`` ones included -- and
    reaped here: this process is their child subreaper, so their CPU time is counted. For
    sandboxes only, one call at a time: it kills every process of ``user`` it can see.

    Args:
        argv: Program and arguments (``PATH`` lookup uses the program's environment).
        stdin: Fed through a pipe (a ``str`` is UTF-8 encoded); nothing means empty input.
        timeout_sec: Wall-clock limit in seconds.
        cwd: Working directory; default the user's home. Give it an ``agent_workdir()``.
        env: Complete environment; default ``PATH``, ``HOME``, ``USER``, ``LANG``.
        user: Who runs it; never root. Every process of this user is killed afterwards.
        max_output_bytes: Kept of each stream; the rest is dropped and marked truncated.

    Raises:
        GradingError: Not root, ``user`` is root or unknown, no CAP_SETUID/CAP_SETGID, or the
            program's processes could not be killed.
    """
    if timeout_sec <= 0 or not argv:
        raise ValueError(
            f"run_program: need a program and timeout_sec > 0 (got {argv}, {timeout_sec})"
        )
    account = _account(user)
    _become_subreaper()
    if env is None:
        env = {"PATH": PROGRAM_PATH, "HOME": account.pw_dir, "USER": user, "LANG": "C.UTF-8"}
    data = stdin.encode() if isinstance(stdin, str) else (stdin or b"")
    # Forked before the program starts, so it still works if the program fills the pid limit.
    release, killer = _fork_killer(account, wait=True)
    in_r, in_w = os.pipe()
    out_r, out_w = os.pipe()
    err_r, err_w = os.pipe()
    start = time.monotonic()
    deadline = start + timeout_sec
    try:
        launcher = subprocess.Popen(
            [*_LAUNCH, cwd or account.pw_dir, *argv], stdin=in_r, stdout=out_w, stderr=err_w,
            cwd="/", env=dict(env), user=account.pw_uid, group=account.pw_gid, extra_groups=[],
        )  # fmt: skip
    except OSError as err:  # setgroups, setgid or setuid failed in the child
        for fd in (in_r, in_w, out_r, out_w, err_r, err_w, release):
            os.close(fd)
        _sweep(account, {killer}, main_pid=-1)
        raise GradingError(f"cannot become {user!r}: {err}. {_CAPS_HINT}") from err
    for fd in (in_r, out_w, err_w):
        os.close(fd)
    pipes = _Pipes(in_w, data, {"stdout": out_r, "stderr": err_r}, max_output_bytes)
    pid = pipes.read_pid(deadline)
    if pid is not None and pipes.pump(deadline, exit_fd=os.pidfd_open(pid)):
        pipes.pump(deadline)  # exited; orphans may still hold stdout or stderr
    timed_out = time.monotonic() >= deadline
    wall_sec = min(time.monotonic(), deadline) - start
    os.write(release, b"k")
    os.close(release)
    status, usages = _sweep(account, {killer, launcher.pid}, main_pid=pid or -1)
    launcher.returncode = 0  # reaped by _sweep; keeps Popen from waiting for it
    pipes.pump(time.monotonic() + 5.0)  # every writer is dead: read what is left, to EOF
    pipes.close()
    if status is None and not timed_out:
        raise GradingError(f"run_program: the launcher failed: {bytes(pipes.captured['stderr'])!r}")
    return ProgramResult(
        returncode=-signal.SIGKILL if status is None else os.waitstatus_to_exitcode(status),
        stdout=bytes(pipes.captured["stdout"]),
        stderr=bytes(pipes.captured["stderr"]),
        wall_sec=wall_sec,
        cpu_sec=sum(u.ru_utime + u.ru_stime for u in usages),
        max_rss_kb=max((u.ru_maxrss for u in usages), default=0),
        timed_out=timed_out,
        stdout_truncated=pipes.truncated["stdout"],
        stderr_truncated=pipes.truncated["stderr"],
    )


def agent_workdir(*, user: str = AGENT_USER, parent: str = "/tmp") -> str:
    """A fresh, empty folder owned by ``user`` (made by it, so root needs no CAP_CHOWN)."""
    template = f"{parent}/horizon-work.XXXXXXXXXX"
    made = run_program(["mktemp", "-d", template], timeout_sec=30, user=user)
    if made.returncode != 0:
        problem = made.stderr.decode(errors="replace").strip()
        raise GradingError(f"agent_workdir: {user!r} cannot make a folder in {parent}: {problem}")
    return made.stdout.decode().strip()


def read_output(
    path: str, *, user: str = AGENT_USER, timeout_sec: float = 10, max_bytes: int = MAX_OUTPUT_BYTES
) -> bytes | None:
    """The file at ``path`` read as ``user``; ``None`` if it cannot (missing, denied, a FIFO).

    Root would follow a symlink the program planted to ``/tests/expected.txt``; the agent cannot.
    ``None`` also when the file is longer than ``max_bytes``.
    """
    argv = ["head", "-c", str(max_bytes + 1), "--", path]
    read = run_program(argv, timeout_sec=timeout_sec, user=user, max_output_bytes=max_bytes + 1)
    if read.returncode != 0 or read.timed_out or len(read.stdout) > max_bytes:
        return None
    return read.stdout


def write_reward(
    value: float, *, details: Mapping[str, object] | None = None, directory: str | Path = REWARD_DIR
) -> None:
    """Write ``reward.txt`` (and ``reward.json`` with ``{"reward": value, **details}``).

    ``directory`` is for tests; verifiers keep the default. Each file is replaced atomically.

    Raises:
        ValueError: ``value`` is not a number in [0, 1], or ``details`` has a ``reward`` key.
        GradingError: ``directory`` is not a folder of this user that only it can write.
    """
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
        raise ValueError(f"write_reward: reward must be a number in [0, 1] (got {value!r})")
    if details is not None and "reward" in details:
        raise ValueError("write_reward: details must not have a 'reward' key; pass it as value")
    document = json.dumps({"reward": float(value), **(details or {})}, allow_nan=False) + "\n"
    folder = Path(directory)
    folder.mkdir(mode=0o755, parents=True, exist_ok=True)
    info = folder.lstat()
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.geteuid() or info.st_mode & 0o022:
        raise GradingError(
            f"write_reward: {folder} must be a folder owned by uid {os.geteuid()} that no one "
            f"else can write (got uid {info.st_uid}, mode {stat.filemode(info.st_mode)})"
        )
    _replace(folder / "reward.txt", f"{float(value)!r}\n")
    if details is None:
        (folder / "reward.json").unlink(missing_ok=True)
    else:
        _replace(folder / "reward.json", document)


def same_text(
    actual: str | bytes, expected: str | bytes, *, strip_trailing_ws: bool = True
) -> Comparison:
    """Compare line by line; the explanation names the first differing line.

    Args:
        actual: What the program produced.
        expected: What it should have produced.
        strip_trailing_ws: Ignore whitespace at line ends (``\\r`` included) and blank lines
            at the end, which "print the answer" tasks rarely mean to grade.
    """
    got, want = _lines(actual, strip_trailing_ws), _lines(expected, strip_trailing_ws)
    if got == want:
        return Comparison(True)
    line = next((i for i, (a, b) in enumerate(zip(got, want, strict=False)) if a != b), None)
    line = min(len(got), len(want)) if line is None else line
    saw = repr(got[line])[:80] if line < len(got) else "end of output"
    wanted = repr(want[line])[:80] if line < len(want) else "end of output"
    counts = f"{len(want)} lines expected, {len(got)} got"
    return Comparison(False, f"line {line + 1}: expected {wanted}, got {saw} ({counts})")


def _account(user: str) -> pwd.struct_passwd:
    if os.geteuid() != 0:
        raise GradingError("run_program must run as root (the verifier does) to become the agent")
    try:
        account = pwd.getpwnam(user)
    except KeyError:
        raise GradingError(f"run_program: no user {user!r} in this sandbox") from None
    if account.pw_uid == 0:
        raise GradingError(f"run_program: {user!r} is root; programs under test never run as root")
    return account


def _become_subreaper() -> None:
    """Make the program's orphans re-parent to this process (not PID 1): we reap and count them."""
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
        raise GradingError(f"prctl(PR_SET_CHILD_SUBREAPER): {os.strerror(ctypes.get_errno())}")


def _fork_killer(account: pwd.struct_passwd, *, wait: bool) -> tuple[int, int]:
    """Fork a child that becomes ``account`` and SIGKILLs every process of it (``kill(-1)``).

    Root needs no CAP_KILL this way. With ``wait`` it first blocks until the returned pipe end is
    written to or closed -- also when this process dies, so a crashed verifier still cleans up.
    """
    go_r, go_w = os.pipe() if wait else (-1, -1)
    pid = os.fork()
    if pid:
        if wait:
            os.close(go_r)
        return go_w, pid
    code = _CANNOT_SWITCH_USER
    try:  # whatever happens, this child must never return into the verifier's code
        if wait:
            os.close(go_w)
            os.read(go_r, 1)
        os.setgroups([])
        os.setgid(account.pw_gid)
        os.setuid(account.pw_uid)
        code = 0
        os.kill(-1, signal.SIGKILL)  # Linux: every process we may signal except ourselves
    finally:
        os._exit(code)  # also when kill found no process (ProcessLookupError)


def _sweep(
    account: pwd.struct_passwd, helpers: set[int], main_pid: int
) -> tuple[int | None, list[resource.struct_rusage]]:
    """Kill and reap until no process of ``account`` is left; the main child's status, usages.

    ``helpers`` (killers, the launcher) are our own children: reaped, never counted.
    """
    me, status, usages = os.getpid(), None, []
    give_up = time.monotonic() + SWEEP_TIMEOUT_SEC
    while True:
        for pid in list(helpers):
            done, code, _ = os.wait4(pid, os.WNOHANG)
            if done:
                helpers.discard(pid)
                if os.WIFEXITED(code) and os.WEXITSTATUS(code) == _CANNOT_SWITCH_USER:
                    raise GradingError(f"cannot become {account.pw_name!r}. {_CAPS_HINT}")
        alive = []
        for pid, ppid in _processes_of(account.pw_uid):
            if pid in helpers:
                continue
            if ppid == me:
                done, code, usage = os.wait4(pid, os.WNOHANG)
                if done:
                    status = code if pid == main_pid else status
                    usages.append(usage)
                    continue
            alive.append(pid)
        if not alive and not helpers:
            return status, usages
        if time.monotonic() > give_up:
            raise GradingError(f"processes of {account.pw_name!r} survive killing: {alive}")
        time.sleep(0.005)
        if alive:
            try:
                helpers.add(_fork_killer(account, wait=False)[1])
            except BlockingIOError:  # the pid limit is full until we reap more
                pass


def _processes_of(uid: int) -> list[tuple[int, int]]:
    """(pid, parent pid) of every process whose real uid is ``uid``, zombies included."""
    found = []
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/status") as status:
                fields = dict(line.split(":", 1) for line in status if ":" in line)
        except OSError:  # gone meanwhile
            continue
        if int(fields["Uid"].split()[0]) == uid:
            found.append((int(name), int(fields["PPid"])))
    return found


class _Pipes:
    """Feeds the program's stdin and collects its stdout and stderr, never blocking on either."""

    def __init__(self, stdin_fd: int, data: bytes, outputs: dict[str, int], cap: int) -> None:
        self._sel = selectors.DefaultSelector()
        self._pending = memoryview(data)
        self._cap = cap
        self._stdout = outputs["stdout"]
        self.captured = {name: bytearray() for name in outputs}
        self.truncated = dict.fromkeys(outputs, False)
        for name, fd in outputs.items():
            self._sel.register(fd, selectors.EVENT_READ, name)
        if data:
            os.set_blocking(stdin_fd, False)
            self._sel.register(stdin_fd, selectors.EVENT_WRITE, "stdin")
        else:
            os.close(stdin_fd)

    def pump(self, deadline: float, exit_fd: int | None = None) -> bool:
        """Move data until the pipes close or the deadline; True when ``exit_fd`` turns readable."""
        if exit_fd is not None:
            self._sel.register(exit_fd, selectors.EVENT_READ, "exit")
        try:
            while self._waiting() and (left := deadline - time.monotonic()) > 0:
                for key, _ in self._sel.select(left):
                    fd = int(key.fd)
                    if key.data == "exit":
                        return True
                    if key.data == "stdin":
                        try:
                            self._pending = self._pending[os.write(fd, self._pending[:65536]) :]
                        except BrokenPipeError:
                            self._pending = self._pending[:0]
                        if not self._pending:
                            self._drop(fd)
                    elif chunk := os.read(fd, 65536):
                        self._keep(key.data, chunk)
                    else:
                        self._drop(fd)
            return False
        finally:
            if exit_fd is not None:
                self._drop(exit_fd)

    def read_pid(self, deadline: float) -> int | None:
        """The program's pid, from the launcher's first line on stdout (the program's follows)."""
        line = b""
        while b"\n" not in line and (left := deadline - time.monotonic()) > 0:
            if not select.select([self._stdout], [], [], left)[0]:
                break
            if not (chunk := os.read(self._stdout, 65536)):
                break
            line += chunk
        pid, newline, rest = line.partition(b"\n")
        self._keep("stdout", rest)
        return int(pid) if newline else None

    def _keep(self, name: str, chunk: bytes) -> None:
        sink = self.captured[name]
        self.truncated[name] |= len(sink) + len(chunk) > self._cap
        sink += chunk[: max(0, self._cap - len(sink))]

    def _waiting(self) -> bool:
        """Output or the exit is still to come (stdin alone does not keep a run going)."""
        return any(key.data != "stdin" for key in self._sel.get_map().values())

    def _drop(self, fd: int) -> None:
        self._sel.unregister(fd)
        os.close(fd)

    def close(self) -> None:
        for key in list(self._sel.get_map().values()):
            self._drop(int(key.fd))
        self._sel.close()


def _replace(path: Path, text: str) -> None:
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(handle, "w") as file:
        file.write(text)
    os.chmod(temporary, 0o644)
    os.replace(temporary, path)


def _lines(text: str | bytes, strip: bool) -> list[str]:
    # surrogateescape: two different invalid byte sequences never compare equal.
    decoded = text.decode("utf-8", "surrogateescape") if isinstance(text, bytes) else text
    lines = decoded.split("\n")
    if strip:
        lines = [line.rstrip() for line in lines]
        while lines and not lines[-1]:
            lines.pop()
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    """The command line; see the module docstring."""
    parser = argparse.ArgumentParser(prog="python3 -m horizon_grading")
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run", help="run a program as the agent; print one JSON line")
    run.add_argument("--timeout", type=float, required=True, help="wall-clock limit, seconds")
    run.add_argument("--cwd", help="working directory (default: the agent's home)")
    run.add_argument("--stdin", help="file fed to the program's stdin (read as root)")
    run.add_argument("--user", default=AGENT_USER)
    run.add_argument("argv", nargs="+", metavar="-- prog args")
    commands.add_parser("workdir", help="make a fresh folder owned by the agent; print its path")
    reward = commands.add_parser("reward", help="write /logs/verifier/reward.txt")
    reward.add_argument("value", type=float)
    args = parser.parse_args(argv)
    try:
        if args.command == "reward":
            write_reward(args.value)
        elif args.command == "workdir":
            print(agent_workdir())
        else:
            stdin = Path(args.stdin).read_bytes() if args.stdin else None
            result = run_program(
                args.argv, stdin=stdin, timeout_sec=args.timeout, cwd=args.cwd, user=args.user
            )
            folder = Path(tempfile.mkdtemp(prefix="horizon-run."))  # 0700, root's
            fields = asdict(result)
            for name in ("stdout", "stderr"):
                (folder / name).write_bytes(fields.pop(name))
                fields[f"{name}_path"] = str(folder / name)
            print(json.dumps(fields))
    except (GradingError, ValueError, OSError) as err:
        print(f"horizon_grading {args.command}: {err}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
