#!/usr/bin/env python3
"""Time /app/minisql against the original on a generated database and check results match.

    python3 bench/gen_data.py /tmp/benchdb 1          # once
    python3 bench/run_bench.py /tmp/benchdb [bench/queries.sql]
"""
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
CHILD = r'''
import sys, time, hashlib, json
sys.path.insert(0, sys.argv[1])
import minisql
qs = [q.strip() for q in open(sys.argv[3]).read().split(";\n") if q.strip()]
qs = [q for q in qs if not all(l.startswith("--") for l in q.splitlines())]
db = minisql.Database(sys.argv[2])
out = []
for q in qs:
    t = time.process_time()
    try:
        r = repr(db.execute(q))
    except minisql.SQLError as e:
        r = "SQLError"
    out.append((time.process_time() - t, hashlib.sha256(r.encode()).hexdigest(), q))
print(json.dumps(out))
'''


def run(app, db, qfile):
    import json
    r = subprocess.run([sys.executable, "-c", CHILD, app, db, qfile], capture_output=True, text=True)
    if r.returncode:
        sys.exit(r.stderr)
    return json.loads(r.stdout)


def main():
    db = sys.argv[1]
    qfile = sys.argv[2] if len(sys.argv) > 2 else os.path.join(HERE, "queries.sql")
    orig = run(os.path.join(os.path.dirname(HERE), "original"), db, qfile)
    mine = run(os.path.dirname(HERE), db, qfile)
    for (to, ho, q), (tm, hm, _) in zip(orig, mine):
        flag = "" if ho == hm else "  <-- RESULT DIFFERS"
        print(f"{to:7.3f}s -> {tm:7.3f}s  {to / max(tm, 1e-4):8.1f}x  {q.splitlines()[-1][:60]}{flag}")
    so, sm = sum(x[0] for x in orig), sum(x[0] for x in mine)
    print(f"total {so:.2f}s -> {sm:.3f}s  {so / max(sm, 1e-4):.1f}x")


if __name__ == "__main__":
    main()
