"""horizon_grading in a real sandbox: the program under test runs as the agent, measured from outside.

Each test plants an agent program (as the ``agent`` user, like the agent phase), then runs a
small verifier as root in the clean, fixed environment the harness gives verifiers, with the
helper module at ``/tests/horizon_grading.py`` and ``/tests`` root-only (0700). The container is
hardened like the harness's sandboxes (no network, no new privileges, an init, a pid limit,
all capabilities dropped) except for the two the helper needs: CAP_SETUID and CAP_SETGID.
"""

import json
import subprocess
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.docker

IMAGE = "horizon-python:latest"
MODULE = Path(__file__).resolve().parents[2] / "harness/scoring/grading/horizon_grading.py"
HARDENING = ["--network", "none", "--security-opt", "no-new-privileges:true", "--init"]
GRADING_CAPS = ["--cap-drop", "ALL", "--cap-add", "SETUID", "--cap-add", "SETGID"]
PIDS_LIMIT = 256
SETUP = (
    "mkdir -m 700 /tests; echo secret-answer > /tests/expected.txt; mkdir -p -m 755 /logs/verifier"
)
"""What the harness does before a verifier runs: root-only tests, a root-owned reward folder."""
VERIFIER_ENV = [
    "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
    "HOME=/root",
    "PYTHONSAFEPATH=1",
    "PYTHONNOUSERSITE=1",
    "PYTHONPATH=/tests",
]


def docker(
    *args: str, stdin: str | None = None, check: bool = True
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["docker", *args], input=stdin, capture_output=True, text=True, timeout=300, check=check
    )


def as_root(box: str, *command: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return docker("exec", "-i", box, *command, stdin=stdin, check=False)


def as_verifier(box: str, *command: str) -> subprocess.CompletedProcess[str]:
    """Root in the clean, fixed environment the harness gives verifiers."""
    return as_root(box, "env", "-i", *VERIFIER_ENV, *command)


def as_agent(box: str, *command: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return docker("exec", "-i", "--user", "agent", box, *command, stdin=stdin, check=False)


def start_sandbox(caps: list[str]) -> str:
    if docker("image", "inspect", IMAGE, check=False).returncode != 0:
        pytest.fail(f"{IMAGE} is missing; run `horizon setup`")
    limits = ["--pids-limit", str(PIDS_LIMIT)]
    box = docker("run", "-d", *HARDENING, *caps, *limits, IMAGE, "sleep", "infinity").stdout.strip()
    as_root(box, "sh", "-c", SETUP)
    docker("cp", str(MODULE), f"{box}:/tests/horizon_grading.py")
    return box


@pytest.fixture(scope="module")
def box() -> Iterator[str]:
    container = start_sandbox(GRADING_CAPS)
    try:
        yield container
    finally:
        docker("rm", "-f", container, check=False)


def plant(box: str, path: str, text: str) -> None:
    """Write a file as the agent user, as the agent would have during its run."""
    assert as_agent(box, "sh", "-c", f"cat > {path}", stdin=textwrap.dedent(text)).returncode == 0


def verify(box: str, script: str) -> Any:
    """Run a Python verifier; it prints one JSON document (``show(result)`` for a ProgramResult)."""
    done = as_verifier(box, "python3", "-c", SHOW + textwrap.dedent(script))
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


SHOW = """import dataclasses, json, os, horizon_grading as g
def show(r): print(json.dumps({**dataclasses.asdict(r), "stdout": r.stdout.decode(), "stderr": r.stderr.decode()}))
"""


def agent_processes(box: str) -> list[str]:
    return as_root(box, "ps", "-u", "1000", "-o", "pid=,stat=,args=").stdout.splitlines()


def test_agent_user_exists_and_docker_exec_works_without_capabilities(box: str) -> None:
    assert as_agent(box, "id", "-u").stdout == "1000\n"
    assert "CapEff:\t0000000000000000" in as_agent(box, "cat", "/proc/self/status").stdout


def test_double_forked_burner_is_waited_for_counted_and_killed(box: str) -> None:
    plant(
        box,
        "/home/agent/burner.py",
        """
        import os, time
        if os.fork() == 0:
            if os.fork() == 0:  # orphaned at once: the program never waits for it
                end = time.process_time() + 1.0
                while time.process_time() < end:
                    pass
                print("burned", flush=True)
                os.close(1)
                os.close(2)
                time.sleep(600)
            os._exit(0)
        print("main done", flush=True)
    """,
    )
    result = verify(
        box, 'show(g.run_program(["python3", "/home/agent/burner.py"], timeout_sec=30))'
    )
    assert [result["returncode"], result["stdout"], result["timed_out"]] == [
        0,
        "main done\nburned\n",
        False,
    ]
    assert 1.0 <= result["cpu_sec"] < 1.5
    assert agent_processes(box) == []


def test_setsid_daemon_is_killed_and_counted(box: str) -> None:
    plant(
        box,
        "/home/agent/daemon.py",
        """
        import os, sys, time
        marker = os.path.join(sys.argv[1], "started")
        if os.fork() == 0:
            os.setsid()
            if os.fork() == 0:
                null = os.open(os.devnull, os.O_RDWR)
                for fd in (0, 1, 2):
                    os.dup2(null, fd)
                end = time.process_time() + 0.5
                while time.process_time() < end:
                    pass
                open(marker, "w").close()
                while True:
                    time.sleep(1)
            os._exit(0)
        while not os.path.exists(marker):
            time.sleep(0.01)
        print("daemon running")
    """,
    )
    result = verify(
        box,
        """
        work = g.agent_workdir()
        show(g.run_program(["python3", "/home/agent/daemon.py", work], timeout_sec=30, cwd=work))
    """,
    )
    assert [result["returncode"], result["stdout"], result["timed_out"]] == [
        0,
        "daemon running\n",
        False,
    ]
    assert 0.5 <= result["cpu_sec"] < 1.0
    assert agent_processes(box) == []


def test_program_cannot_read_expected_outputs_or_write_the_reward(box: str) -> None:
    as_agent(box, "ln", "-sf", "/tests/expected.txt", "/home/agent/answer.txt")
    result = verify(
        box,
        """
        peek = g.run_program(["cat", "/tests/expected.txt"], timeout_sec=10)
        forge = g.run_program(["sh", "-c", "echo 1 > /logs/verifier/reward.txt"], timeout_sec=10)
        print(json.dumps({
            "peek": [peek.returncode, peek.stdout.decode(), peek.stderr.decode()],
            "forge": [forge.returncode, forge.stderr.decode()],
            "read_output": g.read_output("/home/agent/answer.txt"),
            "root_would_read": open("/home/agent/answer.txt").read(),
        }))
    """,
    )
    assert result["peek"] == [1, "", "cat: /tests/expected.txt: Permission denied\n"]
    assert result["forge"][0] == 2 and "Permission denied" in result["forge"][1]
    assert as_root(box, "test", "-e", "/logs/verifier/reward.txt").returncode == 1
    # The planted symlink would hand root the expected answer; read_output reads as the agent.
    assert result["read_output"] is None and result["root_would_read"] == "secret-answer\n"


def test_timeout_kills_the_whole_tree(box: str) -> None:
    plant(
        box,
        "/home/agent/hang.sh",
        """
        setsid sleep 600 &
        python3 -c 'while True: pass' &
        sleep 600
    """,
    )
    result = verify(
        box,
        """
        import time
        start = time.monotonic()
        r = g.run_program(["bash", "/home/agent/hang.sh"], timeout_sec=1.5)
        print(json.dumps([r.timed_out, r.returncode, r.wall_sec, time.monotonic() - start]))
    """,
    )
    assert result[:3] == [True, -9, 1.5]
    assert result[3] < 5  # killing and reaping the tree took under 3.5 s
    assert agent_processes(box) == []


def test_outputs_exit_code_and_memory_are_the_programs_own(box: str) -> None:
    result = verify(
        box,
        """
        ballast = bytearray(300 * 1024 * 1024)  # a large verifier must not inflate max_rss_kb
        ballast[::4096] = b"1" * len(ballast[::4096])
        code = "import sys; print(sys.stdin.read().upper()); print('warn', file=sys.stderr); sys.exit(3)"
        simple = g.run_program(["python3", "-c", code], stdin="hello", timeout_sec=10)
        big = bytes(range(256)) * 80_000  # 20 MB in and out at once: no pipe deadlock
        echo = g.run_program(["cat"], stdin=big, timeout_sec=30)
        flood = g.run_program(["head", "-c", "3000000", "/dev/zero"], timeout_sec=10, max_output_bytes=10**6)
        hog = "x = bytearray(150 * 1024 * 1024); x[::4096] = b'1' * len(x[::4096])"
        print(json.dumps({
            "simple": [simple.returncode, simple.stdout.decode(), simple.stderr.decode(), simple.timed_out],
            "echo": echo.stdout == big,
            "flood": [flood.returncode, len(flood.stdout), flood.stdout_truncated],
            "cat_rss_kb": echo.max_rss_kb,
            "hog_rss_kb": g.run_program(["python3", "-c", hog], timeout_sec=30).max_rss_kb,
            "missing": g.run_program(["no-such-program"], timeout_sec=10).returncode,
        }))
    """,
    )
    assert result["simple"] == [3, "HELLO\n", "warn\n", False]
    assert result["echo"] is True
    assert result["flood"] == [0, 1_000_000, True]
    assert result["cat_rss_kb"] < 5_000  # cat's own ~1.6 MB, not the verifier's 300 MB
    assert 150 * 1024 <= result["hog_rss_kb"] < 200 * 1024
    assert result["missing"] == 127


TEST_SH = """\
#!/bin/bash
set -euo pipefail
work=$(python3 -m horizon_grading workdir)
res=$(python3 -m horizon_grading run --timeout 10 --cwd "$work" --stdin /tests/input.txt -- python3 "$1")
echo "$res" > /tmp/last-result.json
out=$(jq -r .stdout_path <<<"$res")
if [ "$(jq -r .returncode <<<"$res")" = 0 ] && cmp -s "$out" /tests/expected_upper.txt; then
  python3 -m horizon_grading reward 1
else
  python3 -m horizon_grading reward 0
fi
"""


def test_cli_from_a_bash_verifier(box: str) -> None:
    plant(box, "/home/agent/upper.py", "import sys\nprint(sys.stdin.read().upper(), end='')\n")
    as_root(box, "sh", "-c", "cat > /tests/test.sh", stdin=TEST_SH)
    as_root(
        box,
        "sh",
        "-c",
        "echo 'line one' > /tests/input.txt; echo 'LINE ONE' > /tests/expected_upper.txt",
    )

    def grade(program: str) -> str:
        done = as_verifier(box, "bash", "/tests/test.sh", program)
        assert done.returncode == 0, done.stderr
        return as_root(box, "cat", "/logs/verifier/reward.txt").stdout

    assert grade("/home/agent/upper.py") == "1.0\n"
    result = json.loads(as_root(box, "cat", "/tmp/last-result.json").stdout)
    assert [result["returncode"], result["timed_out"], result["stdout_truncated"]] == [
        0,
        False,
        False,
    ]
    assert result["cpu_sec"] > 0 and result["max_rss_kb"] > 0
    assert (
        as_root(box, "stat", "-c", "%U %a", str(Path(result["stdout_path"]).parent)).stdout
        == "root 700\n"
    )
    assert grade("/home/agent/missing.py") == "0.0\n"
    bad = as_verifier(box, "python3", "-m", "horizon_grading", "reward", "nan")
    assert bad.returncode == 2 and "reward must be a number in [0, 1]" in bad.stderr


def test_fork_bomb_is_killed_even_when_it_fills_the_pid_limit(box: str) -> None:
    plant(
        box,
        "/home/agent/bomb.py",
        """
        import os, time
        while True:
            try:
                os.fork()
            except OSError:
                time.sleep(0.001)
    """,
    )
    result = verify(
        box,
        """
        import threading, time
        counters = ["/sys/fs/cgroup/pids/pids.current", "/sys/fs/cgroup/pids.current"]
        counter = next(path for path in counters if os.path.exists(path))
        peak, done = 0, threading.Event()
        def watch():
            global peak
            while not done.wait(0.01):
                peak = max(peak, int(open(counter).read()))
        watcher = threading.Thread(target=watch)
        watcher.start()
        r = g.run_program(["python3", "/home/agent/bomb.py"], timeout_sec=3)
        done.set()
        watcher.join()
        print(json.dumps([r.timed_out, peak, g.run_program(["true"], timeout_sec=10).returncode]))
    """,
    )
    assert result == [True, PIDS_LIMIT, 0]
    assert agent_processes(box) == []


def test_without_setuid_capability_the_verifier_fails_loudly() -> None:
    container = start_sandbox(["--cap-drop", "ALL"])
    try:
        done = as_verifier(
            container,
            "python3",
            "-c",
            "import horizon_grading as g; g.run_program(['true'], timeout_sec=10)",
        )
        assert done.returncode == 1
        assert (
            "GradingError: cannot become 'agent'" in done.stderr
            and "CAP_SETUID and CAP_SETGID" in done.stderr
        )
        assert agent_processes(container) == []
    finally:
        docker("rm", "-f", container, check=False)
