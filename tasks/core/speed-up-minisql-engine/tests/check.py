#!/usr/bin/env python3
"""Verifier for speed-up-minisql-engine.

1. Correctness: /app/minisql must give results identical to the original engine (same rows, order,
   value types; SQLError where the original raises it) on hidden queries over hidden databases.
2. Speed: on a hidden benchmark, every query must take at most 1/4 of the original's CPU time and
   the whole suite at most 1/25; loading the database may take at most 3x the original's load time
   (+0.5 s)."""
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import gen_data  # noqa: E402

ORIG = os.path.join(HERE, "original")
AGENT = "/app"
MIN_QUERY_SPEEDUP = 4.0
MIN_TOTAL_SPEEDUP = 25.0


def run_engine(app, db, queries, timeout):
    out = tempfile.mktemp(suffix=".json")
    r = subprocess.run([sys.executable, os.path.join(HERE, "runner.py"), app, db, queries, out],
                       capture_output=True, text=True, timeout=timeout)
    if r.returncode != 0:
        return None, r.stderr[-2000:]
    return json.load(open(out)), None


def compare(label, exp, got):
    bad = 0
    for q, e, g in zip(exp["queries"], exp["results"], got["results"]):
        if e != g:
            bad += 1
            if bad <= 5:
                what = "CRASH" if g.startswith("CRASH") else ("raised SQLError" if g == "ERROR" else
                       ("did not raise SQLError" if e == "ERROR" else "different result"))
                print(f"  MISMATCH [{label}] {what}: {q[:150]}")
    if bad:
        print(f"FAIL {label}: {bad} of {len(exp['results'])} queries differ from the original")
    else:
        print(f"ok   {label}: {len(exp['results'])} queries identical")
    return bad == 0


def main():
    if not os.path.isfile(os.path.join(AGENT, "minisql", "__init__.py")):
        print("FAIL: /app/minisql is missing")
        return 1
    tmp = tempfile.mkdtemp()
    ok = True

    # Correctness on a small edge-case database and on a generated one.
    checks = [("edge cases", os.path.join(HERE, "small"), os.path.join(HERE, "correctness.sql"))]
    medium = os.path.join(tmp, "medium")
    gen_data.generate(medium, seed=77, scale=0.25)
    both = os.path.join(tmp, "medium.sql")
    with open(both, "w") as f:
        f.write(open(os.path.join(HERE, "bench_queries.sql")).read())
        f.write(open(os.path.join(HERE, "medium_queries.sql")).read())
    checks.append(("generated data", medium, both))
    for label, db, qfile in checks:
        exp, err = run_engine(ORIG, db, qfile, 600)
        if exp is None:
            print("verifier broken: original engine failed\n" + err)
            sys.exit(2)
        got, err = run_engine(AGENT, db, qfile, 600)
        if got is None:
            print(f"FAIL {label}: your engine crashed\n{err}")
            return 1
        ok &= compare(label, exp, got)
    if not ok:
        return 1

    # Speed on the benchmark database.
    bench = os.path.join(tmp, "bench")
    gen_data.generate(bench, seed=2024, scale=1.0)
    qfile = os.path.join(HERE, "bench_queries.sql")
    exp, err = run_engine(ORIG, bench, qfile, 900)
    if exp is None:
        print("verifier broken: original engine failed\n" + err)
        sys.exit(2)
    got, err = run_engine(AGENT, bench, qfile, 900)
    if got is None:
        print(f"FAIL benchmark: your engine crashed\n{err}")
        return 1
    if not compare("benchmark", exp, got):
        return 1
    worst = None
    for i, (to, ta) in enumerate(zip(exp["times"], got["times"])):
        s = to / max(ta, 1e-4)
        print(f"  query {i + 1:2d}: original {to:6.3f}s  yours {ta:6.3f}s  speedup {s:8.1f}x")
        if s < MIN_QUERY_SPEEDUP:
            ok = False
            worst = i + 1
    total_o, total_a = sum(exp["times"]), sum(got["times"])
    total = total_o / max(total_a, 1e-4)
    print(f"  total: original {total_o:.2f}s  yours {total_a:.3f}s  speedup {total:.1f}x")
    print(f"  load: original {exp['load']:.2f}s  yours {got['load']:.2f}s")
    if worst is not None:
        print(f"FAIL benchmark: some queries are less than {MIN_QUERY_SPEEDUP}x faster (e.g. query {worst})")
    if total < MIN_TOTAL_SPEEDUP:
        print(f"FAIL benchmark: total speedup {total:.1f}x < {MIN_TOTAL_SPEEDUP}x")
        ok = False
    if got["load"] > 3 * exp["load"] + 0.5:
        print("FAIL benchmark: loading the database is too slow")
        ok = False
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
