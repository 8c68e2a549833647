"""Hidden grader for fix-speed-up-ledger-cpp (runs as root from /tests).

1. Builds the reference (fixed, indexed) ledger from /tests/ref as root.
2. Copies /app/ledger into a fresh agent workdir and builds it there as the agent:
   g++ -std=c++20 -O2 -o ledger *.cpp
3. Runs both on freshly generated datasets (seeded from os.urandom; gen_ledger.py): small and
   medium correctness datasets, a STREAK dataset, and one large benchmark dataset. Expected
   outputs stay in this process's memory.
4. Reward 1 iff every output matches the reference byte for byte and, on the benchmark, the
   agent's CPU time (user+sys over its process tree, measured from outside) is at most
   3x the reference's + 0.5 s.
"""

import os
import resource
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import horizon_grading as hg
import gen_ledger as gl

TESTS = Path("/tests")
BUILD = ["/bin/sh", "-c", "g++ -std=c++20 -O2 -o ledger *.cpp"]
CPU_FACTOR = 3.0
CPU_SLACK = 0.5
AGENT_WALL_BUDGET = 480.0  # seconds over all runs of the agent's ledger


def build_reference():
    tmp = Path(os.environ.get("TMPDIR") or tempfile.gettempdir())
    tmp.mkdir(parents=True, exist_ok=True)
    home = Path(tempfile.mkdtemp(prefix="ledger-ref-", dir=tmp))
    shutil.copytree(TESTS / "ref", home / "src")
    proc = subprocess.run(BUILD, cwd=home / "src", capture_output=True, text=True, timeout=900,
                          env={"PATH": hg.PROGRAM_PATH, "LANG": "C.UTF-8", "TMPDIR": str(tmp)})
    if proc.returncode != 0:
        raise SystemExit(f"grader broken: reference build failed: {proc.stderr}")
    return str(home / "src" / "ledger")


def run_reference(ref, data, queries):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    proc = subprocess.run([ref, data, queries], capture_output=True, timeout=300, cwd="/",
                          env={"PATH": hg.PROGRAM_PATH, "LANG": "C.UTF-8"})
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise SystemExit(f"grader broken: reference failed: {proc.stderr[:500]!r}")
    return proc.stdout, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main():
    ref = build_reference()
    work = hg.agent_workdir()
    copy = hg.run_program(["cp", "-r", "/app/ledger", f"{work}/src"], timeout_sec=60, cwd=work)
    if copy.returncode != 0:
        hg.write_reward(0, details={"error": "cannot copy /app/ledger"})
        return
    build = hg.run_program(BUILD, timeout_sec=300, cwd=f"{work}/src")
    if build.returncode != 0 or build.timed_out:
        hg.write_reward(0, details={"error": "build failed", "stderr": build.stderr.decode(errors="replace")[-1500:]})
        return
    binary = f"{work}/src/ledger"

    seed = int.from_bytes(os.urandom(4), "big")
    cases = []
    for i in range(8):
        n = [40, 200, 1000, 3000][i % 4]
        data, info = gl.dataset(seed + i, n, max(2, n // [5, 20, 40, 60][i % 4]), crlf=[None, True, False, None][i % 4])
        cases.append((f"small-{i}", data, gl.queries(seed + 100 + i, info, 400), False))
    data, info = gl.streak_dataset(seed + 50)
    cases.append(("streaks", data, gl.queries(seed + 51, info, 200), False))
    data, info = gl.dataset(seed + 60, 20000, 400, quoted_prob=0.3)
    cases.append(("medium", data, gl.queries(seed + 61, info, 3000), False))
    data, info = gl.dataset(seed + 70, 200000, 1200, crlf=True, quoted_prob=0.2, big_prob=0.002)
    cases.append(("bench", data, gl.queries(seed + 71, info, 40000), True))

    case_dir = Path(tempfile.mkdtemp(prefix="ledger-cases-", dir="/tmp"))
    os.chmod(case_dir, 0o755)
    # The reward is all-or-nothing, so grading stops at the first failure (a slow or hanging
    # program then cannot push the verifier past its own timeout).
    failures, perf = [], {}
    t0 = time.monotonic()
    agent_wall = 0.0
    for name, data, queries, is_bench in cases:
        dpath, qpath = case_dir / f"{name}.csv", case_dir / f"{name}.q"
        dpath.write_text(data)
        qpath.write_text(queries)
        os.chmod(dpath, 0o644)
        os.chmod(qpath, 0o644)
        expected, ref_cpu = run_reference(ref, str(dpath), str(qpath))
        got = hg.run_program([binary, str(dpath), str(qpath)], timeout_sec=180 if is_bench else 60, cwd=work)
        agent_wall += got.wall_sec
        if agent_wall > AGENT_WALL_BUDGET:
            failures.append(f"{name}: over the total time budget ({agent_wall:.0f} s of runs)")
            break
        if got.timed_out:
            failures.append(f"{name}: timed out")
            break
        if got.returncode != 0:
            failures.append(f"{name}: exit code {got.returncode}")
            break
        if got.stdout != expected:
            failures.append(f"{name}: {hg.same_text(got.stdout, expected, strip_trailing_ws=False).explanation}")
            break
        if is_bench:
            limit = CPU_FACTOR * ref_cpu + CPU_SLACK
            perf = {"ref_cpu": round(ref_cpu, 3), "cpu": round(got.cpu_sec, 3), "limit": round(limit, 3)}
            if got.cpu_sec > limit:
                failures.append(f"{name}: too slow: {got.cpu_sec:.2f}s CPU, limit {limit:.2f}s")
    shutil.rmtree(case_dir, ignore_errors=True)
    hg.write_reward(1.0 if not failures else 0.0, details={
        "seed": seed, "cases": len(cases), "failures": failures, "perf": perf,
        "run_sec": round(time.monotonic() - t0, 1),
    })


if __name__ == "__main__":
    main()
