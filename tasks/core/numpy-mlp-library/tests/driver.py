"""Driver, run as the agent: python3 - INPUT_DIR JOBS_JSON  (this source on stdin).

Imports /app/mlp.py, runs the jobs of JOBS_JSON on arrays from .npz files of INPUT_DIR, and prints
what it observed as one JSON line after a marker. It holds no expected value and no hidden label:
the grader compares."""
import json
import os
import sys

import numpy as np

MARK = "HORIZON-OBSERVED "


def enc(v):
    if isinstance(v, (list, tuple)):
        return {"list": [enc(x) for x in v]}
    if isinstance(v, np.ndarray) or isinstance(v, np.generic):
        a = np.asarray(v)
        return {"shape": list(a.shape), "kind": a.dtype.kind, "v": a.tolist()}
    if isinstance(v, (bool, int, float, str)) or v is None:
        return {"py": v}
    return {"repr": repr(v)[:200]}


def model(M, spec, d):
    m = M.MLP(list(spec["sizes"]), activation=spec["act"], output=spec["output"], l2=spec["l2"],
              seed=spec["seed"])
    if spec.get("set"):
        n = len(spec["sizes"]) - 1
        m.weights = [np.array(d[f"W{i}"], dtype=float) * spec.get("scale", 1.0) for i in range(n)]
        m.biases = [np.array(d[f"b{i}"], dtype=float) for i in range(n)]
    return m


def calls(m, spec, d, res):
    for name, method, args in spec.get("calls", []):
        if method == "attr":
            res[name] = enc(getattr(m, args))
        else:
            res[name] = enc(getattr(m, method)(*[d[a] for a in args]))


def run_job(M, job, inp):
    d = dict(np.load(f"{inp}/{job['data']}.npz", allow_pickle=False)) if job.get("data") else {}
    res = {}
    kind = job["kind"]
    if kind == "model":
        m = model(M, job, d)
        if "fit" in job:
            res["hist"] = enc(m.fit(d["X"], d["y"], **job["fit"]))
        calls(m, job, d, res)
        if job.get("save"):
            path = os.path.join(os.getcwd(), job["id"] + ".npz")
            m.save(path)
            m2 = M.MLP.load(path)
            res["loaded"] = {}
            calls(m2, {"calls": job["after_load"]}, d, res["loaded"])
    elif kind == "load":
        m = M.MLP.load(job["path"])
        calls(m, job, d, res)
    elif kind == "opt":
        opt = getattr(M, job["cls"])(**job["kw"])
        p = [np.array(d[f"P{i}"], dtype=float) for i in range(job["n"])]
        trace = []
        for s in range(job["steps"]):
            before = [id(x) for x in p]
            opt.step(p, [np.array(d[f"G{s}_{i}"], dtype=float) for i in range(job["n"])])
            trace.append({"in_place": [id(x) for x in p] == before, "p": enc([x.copy() for x in p])})
        res["trace"] = trace
        if job.get("defaults"):
            getattr(M, job["cls"])()
    return res


def main():
    inp, jobs_file = sys.argv[1], sys.argv[2]
    jobs = json.load(open(f"{inp}/{jobs_file}"))
    sys.path.insert(0, "/app")
    try:
        import mlp as M
    except BaseException as e:  # noqa: BLE001
        sys.stdout.write("\n" + MARK + json.dumps({"import_error": repr(e)[:500]}) + "\n")
        return
    out = {}
    for job in jobs:
        try:
            out[job["id"]] = run_job(M, job, inp)
        except BaseException as e:  # noqa: BLE001
            out[job["id"]] = {"error": repr(e)[:500]}
    sys.stdout.write("\n" + MARK + json.dumps(out) + "\n")
    sys.stdout.flush()


main()
