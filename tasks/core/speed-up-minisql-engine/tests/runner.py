"""Driver: python3 - APP_DIR DB_DIR QUERIES_SQL  (source on stdin; QUERIES_SQL "-" loads only).

Loads minisql from APP_DIR, opens DB_DIR, runs every query of QUERIES_SQL and prints one JSON line
(prefixed by a marker) with a digest of repr(result) per query ("ERROR" for SQLError, "CRASH: ..."
for anything else) and the CPU time of Database() and of each execute(). No expected value is in
here; the grader compares. The times are used only from the original engine: the agent's engine
is timed from outside (horizon_grading.run_program)."""
import hashlib
import json
import sys
import time


def main():
    app, db_dir, qfile = sys.argv[1:4]
    sys.path.insert(0, app)
    import minisql
    queries = []
    if qfile != "-":
        queries = [q.strip() for q in open(qfile, encoding="utf-8").read().split(";\n") if q.strip()]
        queries = [q for q in queries if not all(l.startswith("--") for l in q.splitlines())]
    t = time.process_time()
    db = minisql.Database(db_dir)
    load = time.process_time() - t
    results, times = [], []
    for q in queries:
        t = time.process_time()
        try:
            r = db.execute(q)
            digest = hashlib.sha256(repr(r).encode()).hexdigest()
        except minisql.SQLError:
            digest = "ERROR"
        except Exception as e:  # noqa: BLE001
            digest = f"CRASH: {type(e).__name__}: {e}"[:300]
        times.append(time.process_time() - t)
        results.append(digest)
    sys.stdout.write("\nMINISQL-RESULT " + json.dumps({"load": load, "times": times, "results": results}) + "\n")
    sys.stdout.flush()


main()
