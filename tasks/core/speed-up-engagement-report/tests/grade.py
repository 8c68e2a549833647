#!/usr/bin/env python3
"""Verifier: /app/report.py must produce byte-identical output to the original on hidden inputs,
and use at most a tenth of the original's CPU time on the benchmark input.

Every program runs through horizon_grading.run_program, measured from outside (user + system CPU
of the whole process tree): the agent's version as the agent, the original (a copy from /tests) as
`nobody` with `python3 -I`, so nothing the agent left behind can slow the baseline down. Expected
outputs exist only in this process's memory.
"""
import os
import shutil
import sys
import tempfile

import horizon_grading as hg

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import gen_data  # noqa: E402

AGENT = "/app/report.py"
REQUIRED_SPEEDUP = 10.0


class Grader:
    def __init__(self):
        self.inputs = tempfile.mkdtemp(prefix="hz-inputs-", dir="/tmp")  # root-owned, world-readable
        self.orig = os.path.join(self.inputs, "original_report.py")
        shutil.copy(os.path.join(HERE, "original_report.py"), self.orig)
        self.work = hg.agent_workdir()

    def publish(self):
        for root, _, files in os.walk(self.inputs):
            os.chmod(root, 0o755)
            for f in files:
                os.chmod(os.path.join(root, f), 0o644)

    def original(self, d, timeout):
        r = hg.run_program(["python3", "-I", self.orig, f"{d}/events.csv", f"{d}/users.csv"],
                           timeout_sec=timeout, cwd=self.inputs, user="nobody")
        if r.returncode != 0 or r.timed_out:
            raise hg.GradingError(f"the original failed on {d}: {r.stderr[-2000:]!r}")
        return r

    def agent(self, d, timeout):
        return hg.run_program(["python3", AGENT, f"{d}/events.csv", f"{d}/users.csv"], timeout_sec=timeout,
                              cwd=self.work)


def main():
    g = Grader()
    cases = {
        "edge_dups_unknowns": dict(n_users=40, n_events=400, seed=11, dup_users=15, unknown_frac=0.2, heavy=2),
        "header_only_events": dict(n_users=5, n_events=0, seed=12),
        "small_heavy": dict(n_users=300, n_events=3000, seed=13, dup_users=30, heavy=5),
        "medium": dict(n_users=2000, n_events=5000, seed=14, dup_users=100, unknown_frac=0.05, heavy=1),
    }
    for name, kw in cases.items():
        d = os.path.join(g.inputs, name)
        os.makedirs(d)
        gen_data.write(d, **kw)
    bench = os.path.join(g.inputs, "bench")
    os.makedirs(bench)
    gen_data.write(bench, 10000, 20000, 2024, dup_users=60, heavy=3)
    g.publish()
    ok = True
    for name in cases:
        d = os.path.join(g.inputs, name)
        exp = g.original(d, 300)
        got = g.agent(d, 120)
        if got.returncode != 0 or got.timed_out or got.stdout != exp.stdout:
            print(f"FAIL {name}: output differs from the original (exit {got.returncode}, timed out {got.timed_out})")
            ok = False
        else:
            print(f"ok   {name}")
    details = {"correctness": ok}
    exp = g.original(bench, 600)
    got = g.agent(bench, max(30.0, 2 * exp.wall_sec))
    if got.returncode != 0 or got.timed_out or got.stdout != exp.stdout:
        print(f"FAIL bench: output differs from the original (exit {got.returncode}, timed out {got.timed_out})")
        ok = False
    speedup = exp.cpu_sec / max(got.cpu_sec, 1e-3)
    print(f"bench: original {exp.cpu_sec:.2f}s cpu, yours {got.cpu_sec:.2f}s cpu, speedup {speedup:.1f}x "
          f"(need {REQUIRED_SPEEDUP}x)")
    details.update(orig_cpu_sec=exp.cpu_sec, agent_cpu_sec=got.cpu_sec, speedup=speedup)
    if speedup < REQUIRED_SPEEDUP:
        print("FAIL bench: not fast enough")
        ok = False
    hg.write_reward(1.0 if ok else 0.0, details=details)
    return 0


if __name__ == "__main__":
    sys.exit(main())
