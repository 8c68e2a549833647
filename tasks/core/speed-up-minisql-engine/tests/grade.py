#!/usr/bin/env python3
"""Verifier for speed-up-minisql-engine.

1. Correctness: /app/minisql must give results identical to the original engine (same rows, order,
   value types; SQLError where the original raises it) on hidden queries over hidden databases.
2. Speed, every time measured from outside the process (horizon_grading.run_program: user +
   system CPU of the whole process tree), each hidden database used by one process per engine:
   - whole benchmark: one process that loads a database and runs every benchmark query must use
     at most 1/20 of the original's CPU;
   - each query: a process that loads a fresh database and runs that one query, minus what the
     original's process on that database spent besides the query (its own timing of execute()),
     must use at most 1/2 of the original engine's CPU for that query;
   - loading: a load-only process may use at most 3x the original's load-only process + 0.5 s.

The agent's engine runs only as the agent, through a driver (runner.py, fed on stdin) that prints
result digests; the original (a copy from /tests) runs as `nobody` with `python3 -I`, so nothing the
agent left behind can touch it, and only its own internal timings are trusted. Expected digests
exist only in this process's memory.
"""
import json
import os
import random
import shutil
import sys
import tempfile

import horizon_grading as hg

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import gen_data  # noqa: E402

AGENT_APP = "/app"
MIN_QUERY_SPEEDUP = 2.0
MIN_TOTAL_SPEEDUP = 20.0
DRIVER = open(os.path.join(HERE, "runner.py"), encoding="utf-8").read()
MARK = "MINISQL-RESULT "


def parse(result):
    """The driver's JSON line, or None (garbled output, crash, timeout)."""
    if result.returncode != 0 or result.timed_out:
        return None
    for line in reversed(result.stdout.decode("utf-8", "replace").splitlines()):
        if line.startswith(MARK):
            try:
                doc = json.loads(line[len(MARK):])
            except ValueError:
                return None
            if isinstance(doc, dict) and isinstance(doc.get("results"), list):
                return doc
            return None
    return None


class Grader:
    def __init__(self):
        self.pub = tempfile.mkdtemp(prefix="hz-inputs-", dir="/tmp")  # root-owned, world-readable
        os.chmod(self.pub, 0o755)
        shutil.copytree(os.path.join(HERE, "original", "minisql"), os.path.join(self.pub, "original", "minisql"))
        self.work = hg.agent_workdir()
        self.publish(self.pub)

    @staticmethod
    def publish(path):
        for root, dirs, files in os.walk(path):
            os.chmod(root, 0o755)
            for f in files:
                os.chmod(os.path.join(root, f), 0o644)

    def original(self, db, qfile, timeout):
        r = hg.run_program(["python3", "-I", "-", os.path.join(self.pub, "original"), db, qfile],
                           stdin=DRIVER, timeout_sec=timeout, cwd=self.pub, user="nobody")
        doc = parse(r)
        if doc is None:
            raise hg.GradingError(f"the original engine failed: {r.stderr[-3000:]!r}")
        return r, doc

    def agent(self, db, qfile, timeout):
        r = hg.run_program(["python3", "-", AGENT_APP, db, qfile], stdin=DRIVER, timeout_sec=timeout,
                           cwd=self.work)
        return r, parse(r)


def variant(src, dst, k):
    """A copy of database src with a few extra rows (copies of random rows under new ids) in every
    table: same size and shape, different content, so no process can reuse another's work."""
    os.makedirs(dst)
    rng = random.Random(k)
    for name in sorted(os.listdir(src)):
        with open(os.path.join(src, name), encoding="utf-8") as f:
            header, *rows = f.read().splitlines()
        nxt = max(int(r.split(",", 1)[0]) for r in rows) + 1
        extra = [f"{nxt + j},{rng.choice(rows).split(',', 1)[1]}" for j in range(1 + k % 3)]
        with open(os.path.join(dst, name), "w", encoding="utf-8") as f:
            f.write("\n".join([header, *rows, *extra]) + "\n")


def queries_of(path):
    qs = [q.strip() for q in open(path, encoding="utf-8").read().split(";\n") if q.strip()]
    return [q for q in qs if not all(l.startswith("--") for l in q.splitlines())]


def compare(label, queries, exp, got):
    if got is None:
        print(f"FAIL {label}: your engine crashed, timed out or printed no result")
        return False
    res = got["results"]
    if len(res) != len(exp["results"]):
        print(f"FAIL {label}: wrong number of results")
        return False
    bad = 0
    for q, e, g in zip(queries, exp["results"], res):
        if e != g:
            bad += 1
            if bad <= 5:
                g = str(g)
                what = "CRASH" if g.startswith("CRASH") else ("raised SQLError" if g == "ERROR" else
                       ("did not raise SQLError" if e == "ERROR" else "different result"))
                print(f"  MISMATCH [{label}] {what}: {q[:150]}")
    if bad:
        print(f"FAIL {label}: {bad} of {len(exp['results'])} queries differ from the original")
    else:
        print(f"ok   {label}: {len(exp['results'])} queries identical")
    return bad == 0


def main():
    details = {}
    g = Grader()
    ok = True

    # Correctness on a small edge-case database and on a generated one.
    small = os.path.join(g.pub, "small")
    shutil.copytree(os.path.join(HERE, "small"), small)
    shutil.copy(os.path.join(HERE, "correctness.sql"), os.path.join(g.pub, "correctness.sql"))
    medium = os.path.join(g.pub, "medium")
    gen_data.generate(medium, seed=77, scale=0.25)
    both = os.path.join(g.pub, "medium.sql")
    with open(both, "w") as f:
        f.write(open(os.path.join(HERE, "bench_queries.sql")).read())
        f.write(open(os.path.join(HERE, "medium_queries.sql")).read())
    bench = os.path.join(g.pub, "bench")
    gen_data.generate(bench, seed=2024, scale=1.0)
    qdir = os.path.join(g.pub, "q")
    os.makedirs(qdir)
    bench_q = queries_of(os.path.join(HERE, "bench_queries.sql"))
    for i, q in enumerate(bench_q):
        with open(os.path.join(qdir, f"{i}.sql"), "w") as f:
            f.write(q + ";\n")
    shutil.copy(os.path.join(HERE, "bench_queries.sql"), os.path.join(g.pub, "bench.sql"))
    g.publish(g.pub)

    for label, db, qfile in [("edge cases", small, os.path.join(g.pub, "correctness.sql")),
                             ("generated data", medium, both)]:
        _, exp = g.original(db, qfile, 600)
        _, got = g.agent(db, qfile, 600)
        ok &= compare(label, queries_of(qfile), exp, got)
    details["correctness"] = ok
    if not ok:
        hg.write_reward(0.0, details=details)
        return 0

    # Speed. Every database below is used once per engine, so no result or parse can be reused
    # from an earlier process of the agent's: A for the whole benchmark, B_i (variants of one
    # generated database) for query i alone, C for loading only.
    budget_total = 900.0
    run_o, exp = g.original(bench, os.path.join(g.pub, "bench.sql"), budget_total)
    # A passing engine needs at most 1/20 of the original's CPU: half its wall time is ample.
    run_a, got = g.agent(bench, os.path.join(g.pub, "bench.sql"), max(60.0, 0.5 * run_o.wall_sec))
    if not compare("benchmark", bench_q, exp, got):
        hg.write_reward(0.0, details=details)
        return 0
    total = run_o.cpu_sec / max(run_a.cpu_sec, 1e-3)
    print(f"  whole benchmark process: original {run_o.cpu_sec:.2f}s  yours {run_a.cpu_sec:.3f}s  "
          f"speedup {total:.1f}x (need {MIN_TOTAL_SPEEDUP}x)")
    details.update(total_speedup=total, orig_cpu_sec=run_o.cpu_sec, agent_cpu_sec=run_a.cpu_sec)
    if total < MIN_TOTAL_SPEEDUP:
        print(f"FAIL benchmark: total speedup {total:.1f}x < {MIN_TOTAL_SPEEDUP}x")
        hg.write_reward(0.0, details=details)
        return 0
    budget = max(60.0, 0.5 * run_o.wall_sec)
    base_db = os.path.join(g.pub, "bench_b")
    gen_data.generate(base_db, seed=3000, scale=1.0)
    speedups = []
    for i, q in enumerate(bench_q):
        db_i = os.path.join(g.pub, f"bench_q{i}")
        variant(base_db, db_i, i)
        g.publish(db_i)
        qf = os.path.join(qdir, f"{i}.sql")
        ro, eo = g.original(db_i, qf, budget_total)
        # The original's process minus its own (trusted) timing of the query: interpreter start,
        # import and Database() -- what the agent's process is charged beyond the query.
        base = max(ro.cpu_sec - eo["times"][0], 0.0)
        r, doc = g.agent(db_i, qf, budget)
        if doc is None or doc["results"] != eo["results"]:
            print(f"FAIL query {i + 1}: wrong result, crash or timeout when run alone")
            ok = False
            speedups.append(0.0)
            continue
        mine = max(r.cpu_sec - base, 0.005)
        s = eo["times"][0] / mine
        speedups.append(s)
        print(f"  query {i + 1:2d}: original {eo['times'][0]:6.3f}s  yours {mine:6.3f}s "
              f"({r.cpu_sec:.3f}s process - {base:.3f}s original start and load)  speedup {s:6.1f}x")
        if s < MIN_QUERY_SPEEDUP:
            print(f"FAIL query {i + 1}: less than {MIN_QUERY_SPEEDUP}x faster than the original")
            ok = False
    db_c = os.path.join(g.pub, "bench_load")
    gen_data.generate(db_c, seed=4000, scale=1.0)
    g.publish(db_c)
    load_o, _ = g.original(db_c, "-", 300)
    load_a, doc = g.agent(db_c, "-", 300)
    print(f"  load-only process: original {load_o.cpu_sec:.2f}s  yours {load_a.cpu_sec:.2f}s")
    if doc is None or load_a.cpu_sec > 3 * load_o.cpu_sec + 0.5:
        print("FAIL benchmark: loading the database is too slow (or failed)")
        ok = False
    details.update(query_speedups=speedups, orig_load_sec=load_o.cpu_sec, agent_load_sec=load_a.cpu_sec)
    hg.write_reward(1.0 if ok else 0.0, details=details)
    return 0


if __name__ == "__main__":
    sys.exit(main())
