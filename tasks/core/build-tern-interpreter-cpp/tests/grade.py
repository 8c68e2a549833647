"""Hidden grader for build-tern-interpreter-cpp (runs as root from /tests).

1. Builds the reference interpreter from /tests/ref (root only, never reachable by the agent).
2. Copies /app/tern into a fresh agent workdir and builds it there *as the agent*:
   g++ -std=c++20 -O2 -o tern *.cpp
3. Runs fixed programs (/tests/programs), freshly generated random programs (seeded from
   os.urandom, see gen.py), corrupted programs (syntax errors) and three benchmarks through
   both interpreters: the agent's via run_program (as the agent), the reference as root.
   Expected outputs live only in this process's memory.
4. Reward 1 iff every case matches and every benchmark's CPU time (user+sys over the whole
   process tree, measured from outside) is at most 3x the reference's + 0.3 s.
"""

import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import horizon_grading as hg

sys.path.insert(0, "/tests")
import gen  # noqa: E402

TESTS = Path("/tests")
N_RANDOM = 70
N_BROKEN = 30
CPU_FACTOR = 3.0
CPU_SLACK = 0.3
AGENT_WALL_BUDGET = 900.0  # seconds over all runs of the agent's tern


BUILD = ["/bin/sh", "-c", "g++ -std=c++20 -O2 -o tern *.cpp"]


def build_reference():
    tmp = Path(os.environ.get("TMPDIR") or tempfile.gettempdir())
    tmp.mkdir(parents=True, exist_ok=True)
    home = Path(tempfile.mkdtemp(prefix="tern-ref-", dir=tmp))
    shutil.copytree(TESTS / "ref", home / "src")
    proc = subprocess.run(BUILD, cwd=home / "src", capture_output=True, text=True, timeout=900,
                          env={"PATH": hg.PROGRAM_PATH, "LANG": "C.UTF-8", "TMPDIR": str(tmp)})
    if proc.returncode != 0:
        raise SystemExit(f"grader broken: reference build failed: {proc.stderr}")
    return str(home / "src" / "tern")


def run_reference(ref, path):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    proc = subprocess.run([ref, path], capture_output=True, timeout=120, cwd="/",
                          env={"PATH": hg.PROGRAM_PATH, "LANG": "C.UTF-8"})
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return proc.returncode, proc.stdout, proc.stderr, cpu


def compare(exp, got):
    """None when the agent's run matches the reference run, else a short reason."""
    code, out, err, _ = exp
    if got.timed_out:
        return "timed out"
    if got.returncode != code:
        return f"exit code {got.returncode}, expected {code}"
    if code == 2:
        want = err.split(b"\n")[0]
        prefix = want[: want.index(b":", len(b"syntax error: line")) + 1]
        first = got.stderr.split(b"\n")[0]
        if not first.startswith(prefix) or got.stdout:
            return f"syntax error report {first[:80]!r}, expected it to start with {prefix!r}"
        return None
    if got.stdout != out:
        c = hg.same_text(got.stdout, out, strip_trailing_ws=False)
        return f"stdout differs: {c.explanation}"
    if got.stderr.rstrip(b"\n") != err.rstrip(b"\n"):
        return f"stderr {got.stderr[:100]!r}, expected {err[:100]!r}"
    return None


def main():
    details = {}
    ref = build_reference()

    work = hg.agent_workdir()
    copy = hg.run_program(["cp", "-r", "/app/tern", f"{work}/src"], timeout_sec=60, cwd=work)
    if copy.returncode != 0:
        hg.write_reward(0, details={"error": "cannot copy /app/tern", "stderr": copy.stderr.decode(errors="replace")[-500:]})
        return
    build = hg.run_program(BUILD, timeout_sec=600, cwd=f"{work}/src")
    details["build_sec"] = round(build.wall_sec, 2)
    if build.returncode != 0 or build.timed_out:
        hg.write_reward(0, details={"error": "build failed", "stderr": build.stderr.decode(errors="replace")[-1500:]})
        return
    binary = f"{work}/src/tern"

    # Inputs (not outputs) go in a root-owned folder the agent's program may read.
    cases_dir = Path(tempfile.mkdtemp(prefix="tern-cases-", dir="/tmp"))
    os.chmod(cases_dir, 0o755)
    cases = []
    for p in sorted((TESTS / "programs").glob("*.tn")):
        cases.append(("fixed/" + p.name, p.read_bytes(), False))
    seed = int.from_bytes(os.urandom(4), "big")
    details["seed"] = seed
    for i in range(N_RANDOM):
        cases.append((f"random/{seed}-{i}", gen.program(seed * 1000 + i).encode(), False))
    for i in range(N_BROKEN):
        cases.append((f"broken/{seed}-{i}", gen.broken_program(seed * 1000 + i).encode(), False))
    for p in sorted((TESTS / "bench").glob("*.tn")):
        cases.append(("bench/" + p.name, p.read_bytes(), True))

    failures = []
    perf = {}
    t0 = time.monotonic()
    agent_wall = 0.0
    for idx, (name, source, is_bench) in enumerate(cases):
        path = cases_dir / f"case{idx}.tn"
        path.write_bytes(source)
        os.chmod(path, 0o644)
        exp = run_reference(ref, str(path))
        timeout = 120 if is_bench else 60
        got = hg.run_program([binary, str(path)], timeout_sec=timeout, cwd=work)
        agent_wall += got.wall_sec
        if agent_wall > AGENT_WALL_BUDGET:
            failures.append(f"{name}: over the total time budget ({agent_wall:.0f} s of runs)")
            break
        why = compare(exp, got)
        if why:
            failures.append(f"{name}: {why}")
            # The reward is all-or-nothing: stop early so a hanging interpreter cannot push
            # the verifier past its own timeout.
            if got.timed_out or len(failures) >= 5:
                break
        if is_bench:
            limit = CPU_FACTOR * exp[3] + CPU_SLACK
            perf[name] = {"ref_cpu": round(exp[3], 3), "cpu": round(got.cpu_sec, 3), "limit": round(limit, 3)}
            if not why and got.cpu_sec > limit:
                failures.append(f"{name}: too slow: {got.cpu_sec:.2f}s CPU, limit {limit:.2f}s")
    shutil.rmtree(cases_dir, ignore_errors=True)
    details.update({
        "cases": len(cases), "failed": len(failures), "failures": failures[:15],
        "perf": perf, "run_sec": round(time.monotonic() - t0, 1),
    })
    hg.write_reward(1.0 if not failures else 0.0, details=details)


if __name__ == "__main__":
    main()
