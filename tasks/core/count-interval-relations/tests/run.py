#!/usr/bin/env python3
"""Hidden-input verifier (runs as root from /tests).

The reference (tests/ref.cpp) is built here, in the verifier's root-only TMPDIR, and run as root
to compute the expected outputs, which stay in this process's memory. The agent's program -- its
compilation too -- only ever runs as the agent user through horizon_grading.run_program, in a
fresh agent-owned folder, with the input on stdin. CPU time is measured from outside over the
program's whole process tree (children it never waited for included).

Exit code: 0 graded (reward written, 0 or 1), anything else = the verifier itself broke.
"""
import os
import resource
import subprocess
import sys
import tempfile

import horizon_grading as hg

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen  # noqa: E402  (tests/gen.py: CASES list and make(case) -> input text)

APP = "/app"
HERE = os.path.dirname(os.path.abspath(__file__))
WORK = tempfile.mkdtemp(prefix="verify-")  # under TMPDIR, root-only
TOTAL_WALL_SEC = 900.0


def build_ref():
    exe = os.path.join(WORK, "ref")
    r = subprocess.run(["g++", "-O2", "-std=c++17", "-o", exe, os.path.join(HERE, "ref.cpp")],
                       capture_output=True)
    if r.returncode:
        raise SystemExit("verifier broken: reference does not compile\n" + r.stderr.decode())
    return exe


def run_ref(exe, data):
    """The reference, as root (it is ours); returns (stdout, CPU seconds)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    r = subprocess.run([exe], input=data, capture_output=True, timeout=600, cwd=WORK)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if r.returncode:
        raise SystemExit(f"verifier broken: reference exited {r.returncode}")
    return r.stdout, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def agent_exists(path):
    """Whether the agent can read ``path`` (checked as the agent: no root-side file access)."""
    return hg.run_program(["test", "-f", path, "-a", "-r", path], timeout_sec=30).returncode == 0


def build_agent(work):
    """The agent's command (argv, cwd), or None with a message; compilation runs as the agent."""
    cpp, py = os.path.join(APP, "solution.cpp"), os.path.join(APP, "solution.py")
    if agent_exists(cpp):
        exe = os.path.join(work, "prog")
        r = hg.run_program(["g++", "-O2", "-std=c++17", "-o", exe, cpp], timeout_sec=180, cwd=work)
        if r.returncode != 0 or r.timed_out:
            print("FAIL: /app/solution.cpp does not compile:\n" + r.stderr.decode(errors="replace")[:2000])
            return None
        return [exe]
    if agent_exists(py):
        return ["python3", py]
    print("FAIL: neither /app/solution.cpp nor /app/solution.py exists")
    return None


def grade():
    ref = build_ref()
    cases = [(name, gen.make(name).encode()) for name in gen.CASES]
    expected, ref_max = [], 0.0
    for name, data in cases:
        out, dt = run_ref(ref, data)
        expected.append(out)
        ref_max = max(ref_max, dt)
    factor = max(1.0, ref_max / gen.REF_EXPECTED_SEC)
    limit = gen.TIME_LIMIT_SEC * factor
    print(f"reference max {ref_max:.3f}s CPU, speed factor {factor:.2f}, limit {limit:.1f}s CPU per case")

    work = hg.agent_workdir()
    agent = build_agent(work)
    if agent is None:
        return 0.0, {"failed": "build"}
    failed = []
    budget = TOTAL_WALL_SEC  # the whole set, so a program that idles cannot stall grading
    for (name, data), exp in zip(cases, expected):
        if failed or budget <= 0:
            break  # one failure decides the reward
        r = hg.run_program(agent, stdin=data, timeout_sec=min(6 * limit + 30, budget), cwd=work)
        budget -= r.wall_sec
        if r.timed_out or r.cpu_sec > limit:
            if budget <= 0:
                print(f"FAIL {name}: the whole set ran out of its wall-clock budget")
            print(f"FAIL {name}: over the limit ({r.cpu_sec:.2f}s CPU, {r.wall_sec:.2f}s wall; limit {limit:.1f}s CPU)")
            failed.append(name)
            continue
        if r.returncode != 0:
            print(f"FAIL {name}: exit code {r.returncode}")
            failed.append(name)
            continue
        if r.stdout_truncated or r.stdout.split() != exp.split():
            print(f"FAIL {name}: wrong answer ({r.cpu_sec:.2f}s CPU)")
            failed.append(name)
            continue
        print(f"ok   {name} ({r.cpu_sec:.2f}s CPU, {r.wall_sec:.2f}s wall)")
    if not failed and budget <= 0:
        failed.append("wall budget")
    return (0.0 if failed else 1.0), {"failed": failed, "cpu_limit_sec": round(limit, 2)}


def main():
    reward, details = grade()
    hg.write_reward(reward, details=details)
    return 0


if __name__ == "__main__":
    sys.exit(main())
