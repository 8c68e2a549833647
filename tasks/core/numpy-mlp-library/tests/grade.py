#!/usr/bin/env python3
"""Verifier for numpy-mlp-library.

The agent's /app/mlp.py is imported only by driver.py, run as the agent through
horizon_grading.run_program; the driver gets inputs (weights, data, unlabelled hidden samples) in
.npz files of a fresh root-owned, world-readable folder and prints what the library returned. This
process holds the reference implementation, the hidden labels and every expected value, and
compares. The spiral fit's time is the CPU time of its own process, measured from outside.
"""
import json
import os
import pwd
import sys
import tempfile

import numpy as np

import horizon_grading as hg

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import datasets as D  # noqa: E402

DRIVER = open(os.path.join(HERE, "driver.py"), encoding="utf-8").read()
MARK = "HORIZON-OBSERVED "
SPIRAL_CPU_LIMIT = 40.0
ENV = {"PATH": hg.PROGRAM_PATH, "HOME": pwd.getpwnam(hg.AGENT_USER).pw_dir, "USER": hg.AGENT_USER,
       "LANG": "C.UTF-8", "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"}

ACTS = {"relu": lambda z: np.maximum(z, 0), "tanh": np.tanh, "sigmoid": lambda z: 1 / (1 + np.exp(-z))}
COMBOS = [(a, o) for a in ("relu", "tanh", "sigmoid") for o in ("softmax", "linear")]


def ref_forward(Ws, bs, act, output, X):
    a = X
    for i, (W, b) in enumerate(zip(Ws, bs)):
        z = a @ W + b
        a = ACTS[act](z) if i < len(Ws) - 1 else z
    if output == "softmax":
        e = np.exp(a - a.max(1, keepdims=True))
        a = e / e.sum(1, keepdims=True)
    return a


def ref_loss(Ws, bs, act, output, l2, X, y):
    out = ref_forward(Ws, bs, act, output, X)
    if output == "softmax":
        d = -np.log(out[np.arange(len(X)), y]).mean()
    else:
        d = 0.5 * ((out - y.reshape(len(X), -1)) ** 2).sum(1).mean()
    return d + 0.5 * l2 * sum((W ** 2).sum() for W in Ws)


def params(sizes, seed):
    g = np.random.default_rng(seed + 100)
    return [g.normal(0, 0.7, (a, b)) for a, b in zip(sizes, sizes[1:])], [g.normal(0, 0.3, b) for b in sizes[1:]]


def data(sizes, output, seed, n=9):
    g = np.random.default_rng(seed)
    X = g.normal(0, 1, (n, sizes[0]))
    y = g.integers(0, sizes[-1], n) if output == "softmax" else g.normal(0, 1, (n, sizes[-1]))
    return X, y


class Inputs:
    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix="hz-inputs-", dir="/tmp")
        os.chmod(self.dir, 0o755)
        self.n = 0

    def put(self, **arrays):
        self.n += 1
        name = f"d{self.n}"
        path = os.path.join(self.dir, name + ".npz")
        np.savez(path, **arrays)
        os.chmod(path, 0o644)
        return name

    def put_model(self, Ws, bs, **arrays):
        return self.put(**{f"W{i}": W for i, W in enumerate(Ws)}, **{f"b{i}": b for i, b in enumerate(bs)}, **arrays)

    def jobs(self, name, jobs):
        path = os.path.join(self.dir, name)
        with open(path, "w") as f:
            json.dump(jobs, f)
        os.chmod(path, 0o644)
        return name


def dec(e):
    if "list" in e:
        return [dec(x) for x in e["list"]]
    if "shape" in e:
        a = np.array(e["v"], dtype=float if e["kind"] == "f" else None)
        return a.reshape(e["shape"]) if list(a.shape) != e["shape"] else a
    if "py" in e:
        return e["py"]
    raise AssertionError("unexpected value " + str(e.get("repr")))


def get(obs, jid, *path):
    res = obs[jid]
    if "error" in res:
        raise AssertionError(f"{jid} raised {res['error']}")
    for p in path[:-1]:
        res = res[p]
    return dec(res[path[-1]])


def run_driver(inputs, jobs_name, work, timeout):
    r = hg.run_program(["python3", "-", inputs.dir, jobs_name], stdin=DRIVER, timeout_sec=timeout, cwd=work, env=ENV)
    doc = None
    if r.returncode == 0 and not r.timed_out:
        for line in reversed(r.stdout.decode("utf-8", "replace").splitlines()):
            if line.startswith(MARK):
                try:
                    doc = json.loads(line[len(MARK):])
                except ValueError:
                    pass
                break
    if not isinstance(doc, dict):
        print(f"driver ({jobs_name}) gave no result: exit {r.returncode}, timed out {r.timed_out}\n"
              + r.stderr.decode("utf-8", "replace")[-3000:])
        doc = None
    elif "import_error" in doc:
        print("cannot import /app/mlp.py: " + str(doc["import_error"]))
        doc = None
    return r, doc


def spec(jid, sizes, act, output, l2, seed, data_name=None, set_params=False, calls=(), **more):
    return {"id": jid, "kind": "model", "sizes": sizes, "act": act, "output": output, "l2": l2, "seed": seed,
            "data": data_name, "set": set_params, "calls": [list(c) for c in calls], **more}


def build(inp):
    jobs, checks = [], []

    def check(name):
        def deco(fn):
            checks.append((name, fn))
            return fn
        return deco

    # -- init --------------------------------------------------------------------------------
    wb = [["W", "attr", "weights"], ["b", "attr", "biases"]]
    jobs += [spec("init1", [5, 7, 6, 3], "relu", "softmax", 0.0, 3, calls=wb),
             spec("init2", [5, 7, 6, 3], "relu", "softmax", 0.0, 3, calls=wb),
             spec("big_relu", [400, 300, 2], "relu", "softmax", 0.0, 1, calls=wb[:1]),
             spec("big_tanh", [400, 300, 2], "tanh", "softmax", 0.0, 1, calls=wb[:1])]

    @check("init_shapes")
    def _(o):
        W1, b1, W2 = get(o, "init1", "W"), get(o, "init1", "b"), get(o, "init2", "W")
        assert [W.shape for W in W1] == [(5, 7), (7, 6), (6, 3)]
        assert [b.shape for b in b1] == [(7,), (6,), (3,)]
        assert all(np.all(b == 0) for b in b1)
        assert all(np.std(W) > 0 for W in W1)
        assert all(np.array_equal(a, b) for a, b in zip(W1, W2))
        assert abs(get(o, "big_relu", "W")[0].std() - np.sqrt(2 / 400)) < 0.01
        assert abs(get(o, "big_tanh", "W")[0].std() - np.sqrt(1 / 400)) < 0.01

    # -- forward and loss --------------------------------------------------------------------
    sizes = [4, 6, 5, 3]
    fl_expect = {}
    for act, output in COMBOS:
        for seed in range(3):
            Ws, bs = params(sizes, seed)
            X, y = data(sizes, output, seed)
            jid = f"fl_{act}_{output}_{seed}"
            jobs.append(spec(jid, sizes, act, output, 0.05, seed, inp.put_model(Ws, bs, X=X, y=y), True,
                             [["fwd", "forward", ["X"]], ["loss", "loss", ["X", "y"]]]))
            fl_expect[jid] = (ref_forward(Ws, bs, act, output, X), ref_loss(Ws, bs, act, output, 0.05, X, y))

    @check("forward_and_loss")
    def _(o):
        for jid, (fwd, loss) in fl_expect.items():
            assert np.allclose(get(o, jid, "fwd"), fwd, rtol=1e-7, atol=1e-9), jid
            assert abs(float(get(o, jid, "loss")) - loss) < 1e-8, jid

    # -- gradients ---------------------------------------------------------------------------
    grad_expect = {}
    for act, output in COMBOS:
        for sizes in ([3, 4], [4, 6, 3], [5, 7, 6, 3], [3, 5, 4, 4, 2]):
            l2 = 0.03
            Ws, bs = params(sizes, len(sizes))
            X, y = data(sizes, output, 7 + len(sizes))
            jid = f"gr_{act}_{output}_{len(sizes)}"
            jobs.append(spec(jid, sizes, act, output, l2, len(sizes), inp.put_model(Ws, bs, X=X, y=y), True,
                             [["g", "gradients", ["X", "y"]]]))
            h = 1e-6
            nums = []
            for plist in (Ws, bs):
                row = []
                for P in plist:
                    num = np.zeros_like(P)
                    it = np.nditer(P, flags=["multi_index"])
                    for _ in it:
                        i = it.multi_index
                        old = P[i]
                        P[i] = old + h
                        lp = ref_loss(Ws, bs, act, output, l2, X, y)
                        P[i] = old - h
                        lm = ref_loss(Ws, bs, act, output, l2, X, y)
                        P[i] = old
                        num[i] = (lp - lm) / (2 * h)
                    row.append(num)
                nums.append(row)
            grad_expect[jid] = nums

    @check("gradients_numerically")
    def _(o):
        for jid, (nW, nb) in grad_expect.items():
            dW, db = get(o, jid, "g")
            assert len(dW) == len(nW) and len(db) == len(nb), jid
            for G, num in list(zip(dW, nW)) + list(zip(db, nb)):
                G = np.asarray(G, dtype=float)
                assert G.shape == num.shape, jid
                assert np.allclose(G, num, rtol=1e-4, atol=1e-6), jid

    # -- shapes, stability -------------------------------------------------------------------
    Ws, bs = params([3, 5, 1], 1)
    X = np.random.default_rng(0).normal(size=(10, 3))
    jobs.append(spec("single", [3, 5, 1], "tanh", "linear", 0.0, 1, inp.put_model(Ws, bs, X=X, y=np.arange(10.0)), True,
                     [["pred", "predict", ["X"]], ["g", "gradients", ["X", "y"]], ["loss", "loss", ["X", "y"]]]))

    @check("single_target_regression_shapes")
    def _(o):
        assert get(o, "single", "pred").shape == (10,)
        dW, _ = get(o, "single", "g")
        assert np.asarray(dW[-1]).shape == (5, 1)
        assert np.isfinite(float(get(o, "single", "loss")))

    Ws, bs = params([3, 4, 3], 2)
    X = np.random.default_rng(1).normal(0, 50, (20, 3))
    y = np.random.default_rng(2).integers(0, 3, 20)
    jobs.append(spec("stable", [3, 4, 3], "relu", "softmax", 0.0, 2, inp.put_model(Ws, bs, X=X, y=y), True,
                     [["P", "forward", ["X"]], ["loss", "loss", ["X", "y"]], ["g", "gradients", ["X", "y"]],
                      ["pp", "predict_proba", ["X"]], ["pred", "predict", ["X"]]], scale=1e3))
    P_ref = ref_forward([W * 1e3 for W in Ws], bs, "relu", "softmax", X)

    @check("softmax_stability")
    def _(o):
        P = get(o, "stable", "P")
        assert P.shape == (20, 3) and np.all(np.isfinite(P)) and np.allclose(P.sum(1), 1)
        assert np.allclose(P, P_ref, atol=1e-6)
        assert np.isfinite(float(get(o, "stable", "loss")))
        dW, db = get(o, "stable", "g")
        assert all(np.all(np.isfinite(np.asarray(g, dtype=float))) for g in dW + db)
        assert np.allclose(get(o, "stable", "pp"), P)
        assert np.array_equal(get(o, "stable", "pred"), P.argmax(1))

    # -- optimisers --------------------------------------------------------------------------
    g = np.random.default_rng(0)
    p = [g.normal(size=(3, 2)), g.normal(size=4)]
    arrays = {"P0": p[0], "P1": p[1]}
    ref, vel, sgd_expect = [x.copy() for x in p], [np.zeros_like(x) for x in p], []
    for s in range(4):
        grads = [g.normal(size=x.shape) for x in p]
        arrays.update({f"G{s}_{i}": gr for i, gr in enumerate(grads)})
        for i in range(2):
            vel[i] = 0.8 * vel[i] - 0.1 * grads[i]
            ref[i] = ref[i] + vel[i]
        sgd_expect.append([x.copy() for x in ref])
    jobs.append({"id": "sgd", "kind": "opt", "cls": "SGD", "kw": {"lr": 0.1, "momentum": 0.8}, "n": 2, "steps": 4,
                 "data": inp.put(**arrays)})
    jobs.append({"id": "sgd0", "kind": "opt", "cls": "SGD", "kw": {"lr": 0.5}, "n": 1, "steps": 1,
                 "data": inp.put(P0=np.ones(3), G0_0=np.full(3, 2.0))})

    @check("sgd_momentum")
    def _(o):
        trace = o["sgd"]["trace"]
        assert len(trace) == 4
        for step, exp in zip(trace, sgd_expect):
            assert step["in_place"] is True, "step must update arrays in place"
            assert all(np.allclose(a, b, atol=1e-12) for a, b in zip(dec(step["p"]), exp))
        assert np.allclose(dec(o["sgd0"]["trace"][0]["p"])[0], 0.0)

    g = np.random.default_rng(1)
    p = [g.normal(size=(2, 3)), g.normal(size=3)]
    arrays = {"P0": p[0], "P1": p[1]}
    ref = [x.copy() for x in p]
    m1, m2, adam_expect = [np.zeros_like(x) for x in p], [np.zeros_like(x) for x in p], []
    for t in range(1, 6):
        grads = [g.normal(size=x.shape) * (t if t % 2 else 0.1) for x in p]
        arrays.update({f"G{t - 1}_{i}": gr for i, gr in enumerate(grads)})
        for i in range(2):
            m1[i] = 0.8 * m1[i] + 0.2 * grads[i]
            m2[i] = 0.95 * m2[i] + 0.05 * grads[i] ** 2
            ref[i] = ref[i] - 0.01 * (m1[i] / (1 - 0.8 ** t)) / (np.sqrt(m2[i] / (1 - 0.95 ** t)) + 1e-6)
        adam_expect.append([x.copy() for x in ref])
    jobs.append({"id": "adam", "kind": "opt", "cls": "Adam", "kw": {"lr": 0.01, "beta1": 0.8, "beta2": 0.95, "eps": 1e-6},
                 "n": 2, "steps": 5, "defaults": True, "data": inp.put(**arrays)})

    @check("adam")
    def _(o):
        assert "error" not in o["adam"], o["adam"].get("error")
        trace = o["adam"]["trace"]
        assert len(trace) == 5
        for step, exp in zip(trace, adam_expect):
            assert step["in_place"] is True
            assert all(np.allclose(a, b, atol=1e-12) for a, b in zip(dec(step["p"]), exp))

    # -- save / load -------------------------------------------------------------------------
    sl = {}
    for act, output, sizes in [("tanh", "softmax", [4, 6, 3]), ("relu", "linear", [4, 5, 5, 2]),
                               ("sigmoid", "softmax", [4, 2])]:
        Ws, bs = params(sizes, 5)
        X = np.random.default_rng(3).normal(size=(7, 4))
        jid = f"sl_{act}"
        jobs.append(spec(jid, sizes, act, output, 0.01, 5, inp.put_model(Ws, bs, X=X), True,
                         [["fwd", "forward", ["X"]]], save=True,
                         after_load=[["fwd", "forward", ["X"]], ["act", "attr", "activation"],
                                     ["out", "attr", "output"], ["sizes", "attr", "layer_sizes"]]))
        sl[jid] = (act, output, sizes, ref_forward(Ws, bs, act, output, X))

    @check("save_load")
    def _(o):
        for jid, (act, output, sizes, fwd) in sl.items():
            assert np.allclose(get(o, jid, "fwd"), fwd, atol=1e-9)
            assert np.allclose(get(o, jid, "loaded", "fwd"), fwd, atol=1e-12)
            assert get(o, jid, "loaded", "act") == act and get(o, jid, "loaded", "out") == output
            assert [int(v) for v in np.asarray(get(o, jid, "loaded", "sizes")).tolist()] == sizes

    # -- training quality (test labels stay here) ---------------------------------------------
    X, y = D.wave(600, seed=21)
    Xt, yt_w = D.wave(2000, seed=22)
    jobs.append(spec("wave", [2, 32, 32, 1], "tanh", "linear", 0.0, 0, inp.put(X=X, y=y, Xt=Xt),
                     calls=[["pred", "predict", ["Xt"]]],
                     fit=dict(epochs=60, lr=0.005, batch_size=64, optimizer="adam")))

    @check("fit_wave_regression")
    def _(o):
        pred = get(o, "wave", "pred")
        assert pred.shape == yt_w.shape
        mse = ((pred - yt_w) ** 2).mean()
        print("  wave mse", round(mse, 5), "var", round(yt_w.var(), 5))
        assert mse < 0.1 * yt_w.var()

    X, y = D.rings(1000, seed=31)
    Xt, yt_r = D.rings(2000, seed=32)
    jobs.append(spec("rings", [2, 16, 2], "sigmoid", "softmax", 0.0, 0, inp.put(X=X, y=y, Xt=Xt),
                     calls=[["pred", "predict", ["Xt"]]],
                     fit=dict(epochs=100, lr=0.1, batch_size=32, optimizer="sgd", momentum=0.9)))

    @check("fit_rings_sgd")
    def _(o):
        pred = get(o, "rings", "pred")
        assert pred.shape == yt_r.shape
        acc = (pred == yt_r).mean()
        print("  rings acc", acc)
        assert acc >= 0.85

    Xh, yh = D.task_data(4000, 2024)
    jobs.append({"id": "hidden", "kind": "load", "path": "/app/model.npz", "data": inp.put(X=Xh),
                 "calls": [["pred", "predict", ["X"]]]})

    @check("trained_model_on_hidden_data")
    def _(o):
        pred = get(o, "hidden", "pred")
        assert pred.shape == yh.shape
        acc = (pred == yh).mean()
        print("  hidden acc", acc)
        assert acc >= 0.90

    return jobs, checks


def main():
    inp = Inputs()
    work = hg.agent_workdir()
    jobs, checks = build(inp)
    _, obs = run_driver(inp, inp.jobs("main.json", jobs), work, 400)
    passed = []
    for name, fn in checks:
        try:
            if obs is None:
                raise AssertionError("no observations")
            fn(obs)
            passed.append(name)
            print(f"ok   {name}")
        except Exception as e:  # noqa: BLE001 -- anything wrong in the agent's answers fails the check
            print(f"FAIL {name}: {type(e).__name__}: {str(e)[:300]}")
    ok = len(passed) == len(checks)
    details = {"checks_passed": f"{len(passed)}/{len(checks)}"}

    # The spiral fit in a process of its own: CPU time of the whole process, from outside.
    X, y = D.spirals(600, seed=11)
    Xt, yt = D.spirals(2000, seed=12)
    spiral = spec("spiral", [2, 32, 32, 3], "relu", "softmax", 0.0, 0, inp.put(X=X, y=y, Xt=Xt),
                  calls=[["pred", "predict", ["Xt"]]], fit=dict(epochs=60, lr=0.01, batch_size=64, optimizer="adam"))
    r, o = run_driver(inp, inp.jobs("spiral.json", [spiral]), work, 240)
    try:
        hist = get(o, "spiral", "hist")
        assert len(hist) == 60 and float(hist[-1]) < float(hist[0])
        pred = get(o, "spiral", "pred")
        assert pred.shape == yt.shape
        acc = float((pred == yt).mean())
        print(f"  spiral acc {acc}, process {r.cpu_sec:.2f} CPU-s (limit {SPIRAL_CPU_LIMIT})")
        assert acc >= 0.93 and r.cpu_sec <= SPIRAL_CPU_LIMIT
        print("ok   fit_spirals_adam")
        details["spiral_cpu_sec"] = r.cpu_sec
    except Exception as e:  # noqa: BLE001
        print(f"FAIL fit_spirals_adam: {type(e).__name__}: {str(e)[:300]}")
        ok = False
    hg.write_reward(1.0 if ok else 0.0, details=details)
    return 0


if __name__ == "__main__":
    sys.exit(main())
