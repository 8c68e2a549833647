"""Driver, run as the agent: python3 - INPUT_DIR JOBS_JSON  (this source on stdin).

Imports /app/gbdt.py, runs the jobs of JOBS_JSON (fit a model on a data file's X and y, then
call methods on named arrays of that file / read attributes) and prints what it observed as one
JSON line after a marker. It holds no expected value and no hidden label: the grader compares."""
import json
import sys

import numpy as np

MARK = "HORIZON-OBSERVED "


def encode(v):
    a = np.asarray(v)
    return {"shape": list(a.shape), "kind": a.dtype.kind, "v": a.tolist()}


def main():
    inp, jobs_file = sys.argv[1], sys.argv[2]
    jobs = json.load(open(f"{inp}/{jobs_file}"))
    sys.path.insert(0, "/app")
    out = {}
    try:
        import gbdt
    except BaseException as e:  # noqa: BLE001
        sys.stdout.write("\n" + MARK + json.dumps({"import_error": repr(e)[:500]}) + "\n")
        return
    for job in jobs:
        res = {}
        try:
            d = np.load(f"{inp}/{job['data']}.npz", allow_pickle=False)
            m = getattr(gbdt, job["cls"])(**job["params"])
            r = m.fit(d["X"], d["y"])
            res["fit_returns_self"] = r is m
            for name, call, key in job["calls"]:
                v = getattr(m, key) if call == "attr" else getattr(m, call)(d[key])
                res[name] = encode(v)
        except BaseException as e:  # noqa: BLE001
            res["error"] = repr(e)[:500]
        out[job["id"]] = res
    sys.stdout.write("\n" + MARK + json.dumps(out) + "\n")
    sys.stdout.flush()


main()
