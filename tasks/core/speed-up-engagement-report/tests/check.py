#!/usr/bin/env python3
"""Verifier: /app/report.py must produce byte-identical output to the original on hidden inputs,
and use at most a tenth of the original's CPU time on the benchmark input."""
import os, resource, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import gen_data  # noqa: E402

ORIG = os.path.join(HERE, "original_report.py")
AGENT = "/app/report.py"
REQUIRED_SPEEDUP = 10.0


def run(script, d, timeout):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    r = subprocess.run([sys.executable, script, f"{d}/events.csv", f"{d}/users.csv"],
                       capture_output=True, timeout=timeout)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return r.returncode, r.stdout, cpu


def main():
    if not os.path.exists(AGENT):
        print("FAIL: /app/report.py missing")
        return 1
    root = tempfile.mkdtemp()
    cases = {
        "edge_dups_unknowns": dict(n_users=40, n_events=400, seed=11, dup_users=15, unknown_frac=0.2, heavy=2),
        "header_only_events": dict(n_users=5, n_events=0, seed=12),
        "small_heavy": dict(n_users=300, n_events=3000, seed=13, dup_users=30, heavy=5),
        "medium": dict(n_users=2000, n_events=5000, seed=14, dup_users=100, unknown_frac=0.05, heavy=1),
    }
    ok = True
    for name, kw in cases.items():
        d = os.path.join(root, name)
        os.makedirs(d)
        gen_data.write(d, **kw)
        _, exp, _ = run(ORIG, d, 300)
        rc, got, _ = run(AGENT, d, 300)
        if rc != 0 or got != exp:
            print(f"FAIL {name}: output differs from the original (exit {rc})")
            ok = False
        else:
            print(f"ok   {name}")
    d = os.path.join(root, "bench")
    os.makedirs(d)
    gen_data.write(d, 10000, 20000, 2024, dup_users=60, heavy=3)
    _, exp, t_orig = run(ORIG, d, 600)
    try:
        rc, got, t_agent = run(AGENT, d, max(10.0, 2 * t_orig))
    except subprocess.TimeoutExpired:
        print("FAIL bench: timed out")
        return 1
    if rc != 0 or got != exp:
        print(f"FAIL bench: output differs from the original (exit {rc})")
        return 1
    speedup = t_orig / max(t_agent, 1e-3)
    print(f"bench: original {t_orig:.2f}s cpu, yours {t_agent:.2f}s cpu, speedup {speedup:.1f}x (need {REQUIRED_SPEEDUP}x)")
    if speedup < REQUIRED_SPEEDUP:
        print("FAIL bench: not fast enough")
        ok = False
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
