#!/usr/bin/env python3
"""Hidden-input verifier: builds the reference and the agent's program, runs both on seeded
generated inputs, compares outputs, and enforces a time limit scaled by this machine's speed."""
import os, resource, subprocess, sys, tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen  # noqa: E402  (tests/gen.py: CASES list and make(case) -> input text)

WORK = tempfile.mkdtemp(prefix="verify-")
APP = "/app"


def sh(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, **kw)


def build_ref():
    exe = os.path.join(WORK, "ref")
    r = sh(["g++", "-O2", "-std=c++17", "-o", exe, os.path.join(os.path.dirname(__file__), "ref.cpp")])
    if r.returncode:
        sys.exit("verifier broken: reference does not compile\n" + r.stderr.decode())
    return [exe]


def build_agent():
    cpp, py = os.path.join(APP, "solution.cpp"), os.path.join(APP, "solution.py")
    if os.path.exists(cpp):
        exe = os.path.join(WORK, "agent")
        r = sh(["g++", "-O2", "-std=c++17", "-o", exe, cpp], timeout=120)
        if r.returncode:
            print("FAIL: /app/solution.cpp does not compile:\n" + r.stderr.decode()[:2000])
            return None
        return [exe]
    if os.path.exists(py):
        return ["python3", py]
    print("FAIL: neither /app/solution.cpp nor /app/solution.py exists")
    return None


def run(cmd, data, cpu_limit):
    """Run cmd on data; returns (exit code or None if over the limit, stdout, CPU seconds).
    The limit is on CPU time (user+sys), so a busy machine does not fail a fast program; the
    wall-clock cap is only a backstop."""
    def limit_cpu():
        sec = int(cpu_limit) + 1
        resource.setrlimit(resource.RLIMIT_CPU, (sec, sec + 1))
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    try:
        r = subprocess.run(cmd, input=data, capture_output=True, timeout=4 * cpu_limit + 30,
                           cwd=WORK, preexec_fn=limit_cpu)
    except subprocess.TimeoutExpired:
        return None, None, cpu_limit
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if cpu > cpu_limit:
        return None, None, cpu
    return r.returncode, r.stdout, cpu


def main():
    ref = build_ref()
    agent = build_agent()
    if agent is None:
        return 1
    cases = [(name, gen.make(name).encode()) for name in gen.CASES]
    # Machine-speed factor from the reference's time on the largest input (expected on an idle machine).
    expected = []
    ref_max = 0.0
    for name, data in cases:
        rc, out, dt = run(ref, data, 120.0)
        if rc != 0:
            sys.exit(f"verifier broken: reference failed on {name}")
        expected.append(out)
        ref_max = max(ref_max, dt)
    factor = max(1.0, ref_max / gen.REF_EXPECTED_SEC)
    limit = gen.TIME_LIMIT_SEC * factor
    print(f"reference max {ref_max:.3f}s, speed factor {factor:.2f}, limit {limit:.1f}s CPU per case")
    ok = True
    for (name, data), exp in zip(cases, expected):
        rc, out, dt = run(agent, data, limit)
        if rc is None:
            print(f"FAIL {name}: CPU time limit exceeded ({limit:.1f}s)")
            ok = False
            continue
        if rc != 0:
            print(f"FAIL {name}: exit code {rc}")
            ok = False
            continue
        if out.split() != exp.split():
            print(f"FAIL {name}: wrong answer ({dt:.2f}s)")
            ok = False
            continue
        print(f"ok   {name} ({dt:.2f}s)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
