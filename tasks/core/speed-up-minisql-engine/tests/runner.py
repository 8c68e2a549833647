"""Run one engine over a query file: python3 runner.py APP_DIR DB_DIR QUERIES_SQL OUT_JSON
Records, per query, a digest of repr(result) (or "ERROR" for SQLError, "CRASH: ..." for anything
else) and the CPU time of execute(); plus the CPU time of Database(DB_DIR)."""
import hashlib
import json
import sys
import time


def main():
    app, db_dir, qfile, out = sys.argv[1:5]
    sys.path.insert(0, app)
    import minisql
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
    json.dump({"load": load, "times": times, "results": results, "queries": queries}, open(out, "w"))


main()
