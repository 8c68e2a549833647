#!/usr/bin/env python3
"""Verifier for gbdt-from-scratch.

The agent's /app/gbdt.py is imported only by driver.py, run as the agent through
horizon_grading.run_program; the driver gets training data and unlabelled test inputs (files in a
fresh root-owned, world-readable folder) and prints predictions, probabilities and attributes. This
process holds the hidden test labels and the expected values and compares. Speed is CPU time
(user + system, whole process tree) of a driver process, measured from outside.
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
FIT_PREDICT_CPU_LIMIT = 17.0   # import + load + fit 20,000 x 20 + predict 5,000
PREDICT_CPU_LIMIT = 24.0       # import + load + fit 2,000 x 20 + predict 50,000
AGENT_HOME = pwd.getpwnam(hg.AGENT_USER).pw_dir
ENV = {"PATH": hg.PROGRAM_PATH, "HOME": AGENT_HOME, "USER": hg.AGENT_USER, "LANG": "C.UTF-8",
       "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


class Data:
    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix="hz-inputs-", dir="/tmp")
        os.chmod(self.dir, 0o755)
        self.n = 0

    def put(self, X, y, **extra):
        self.n += 1
        name = f"d{self.n}"
        path = os.path.join(self.dir, name + ".npz")
        np.savez(path, X=np.asarray(X, dtype=float), y=np.asarray(y), **extra)
        os.chmod(path, 0o644)
        return name

    def jobs(self, name, jobs):
        path = os.path.join(self.dir, name)
        with open(path, "w") as f:
            json.dump(jobs, f)
        os.chmod(path, 0o644)
        return name


def job(jid, data, cls, params, calls):
    return {"id": jid, "data": data, "cls": cls, "params": params, "calls": calls}


def run_driver(data, jobs_name, work, timeout):
    r = hg.run_program(["python3", "-", data.dir, jobs_name], stdin=DRIVER, timeout_sec=timeout, cwd=work,
                       env=ENV)
    doc = None
    if r.returncode == 0 and not r.timed_out:
        for line in reversed(r.stdout.decode("utf-8", "replace").splitlines()):
            if line.startswith(MARK):
                try:
                    doc = json.loads(line[len(MARK):])
                except ValueError:
                    doc = None
                break
    if not isinstance(doc, dict):
        doc = None
    if doc is None:
        print(f"driver ({jobs_name}) gave no result: exit {r.returncode}, timed out {r.timed_out}\n"
              + r.stderr.decode("utf-8", "replace")[-3000:])
    elif "import_error" in doc:
        print("cannot import /app/gbdt.py: " + str(doc["import_error"]))
        doc = None
    return r, doc


def arr(obs, jid, name):
    res = obs[jid]
    if "error" in res:
        raise AssertionError(f"{jid} raised {res['error']}")
    e = res[name]
    kind = e["kind"]
    v = np.array(e["v"], dtype=float if kind == "f" else None)
    if list(v.shape) != e["shape"]:
        v = v.reshape(e["shape"])
    return v


def r2(pred, y):
    return 1 - ((pred - y) ** 2).mean() / y.var()


def two_groups(n=200, seed=0, frac=0.5):
    g = np.random.default_rng(seed)
    X = g.uniform(0, 1, (n, 3))
    X[:, 0] = np.where(g.random(n) < frac, g.uniform(0, 0.4, n), g.uniform(0.6, 1.0, n))
    grp = X[:, 0] > 0.5
    return X, grp, g


def single_split(n=200, seed=0):
    X, grp, g = two_groups(n, seed)
    X[:, 0] = np.where(grp, 0.8, 0.2)
    X[:, 1:] = 0.5
    return X, grp, g


STUMP = dict(n_estimators=1, learning_rate=1.0, max_depth=1, min_samples_leaf=1, reg_lambda=0.0)
R, C = "GBDTRegressor", "GBDTClassifier"


def build(data):
    """Jobs for the driver and, per check, a function of the observations that asserts."""
    jobs, checks = [], []

    def check(name):
        def deco(fn):
            checks.append((name, fn))
            return fn
        return deco

    # -- exact semantics -----------------------------------------------------------------
    X, grp, g = two_groups()
    y = np.where(grp, 10.0, 3.0) + g.normal(0, 0.1, len(X))
    jobs.append(job("stump", data.put(X, y), R, STUMP, [["p", "predict", "X"]]))
    exp_stump = np.where(grp, y[grp].mean(), y[~grp].mean())

    @check("regressor_stump_exact")
    def _(o):
        assert np.allclose(arr(o, "stump", "p"), exp_stump, atol=1e-9)

    X, grp, g = two_groups(seed=1)
    y = np.where(grp, 4.0, -2.0) + g.normal(0, 0.5, len(X))
    lam, lr = 7.0, 0.3
    jobs.append(job("lamlr", data.put(X, y), R, dict(STUMP, learning_rate=lr, reg_lambda=lam),
                    [["p", "predict", "X"]]))
    f0 = y.mean()
    leaf = lambda s: -(f0 - y[s]).sum() / (s.sum() + lam)  # noqa: E731
    exp_lamlr = f0 + lr * np.where(grp, leaf(grp), leaf(~grp))

    @check("regressor_lambda_and_learning_rate")
    def _(o):
        assert np.allclose(arr(o, "lamlr", "p"), exp_lamlr, atol=1e-9)

    X, grp, g = single_split(seed=2)
    yb = (g.random(len(X)) < np.where(grp, 0.8, 0.25)).astype(int)
    jobs.append(job("bin1", data.put(X, yb), C, dict(STUMP, reg_lambda=1.0),
                    [["P", "predict_proba", "X"], ["classes", "attr", "classes_"]]))
    p0 = yb.mean()
    f0b = np.log(p0 / (1 - p0))
    leafb = lambda s: -(p0 - yb[s]).sum() / (s.sum() * p0 * (1 - p0) + 1.0)  # noqa: E731
    Fb = f0b + np.where(grp, leafb(grp), leafb(~grp))

    @check("binary_classifier_stump_exact")
    def _(o):
        P = arr(o, "bin1", "P")
        assert P.shape == (200, 2)
        assert np.allclose(P[:, 1], 1 / (1 + np.exp(-Fb)), atol=1e-9)
        assert arr(o, "bin1", "classes").tolist() == [0, 1]

    X, grp, g = single_split(seed=3)
    ym = np.where(grp, g.choice(["a", "b", "c"], len(X), p=[0.7, 0.2, 0.1]),
                  g.choice(["a", "b", "c"], len(X), p=[0.1, 0.3, 0.6]))
    lam, lr = 2.0, 0.5
    jobs.append(job("multi1", data.put(X, ym), C, dict(STUMP, learning_rate=lr, reg_lambda=lam),
                    [["P", "predict_proba", "X"], ["classes", "attr", "classes_"]]))
    pri = np.array([(ym == c).mean() for c in "abc"])
    F = np.tile(np.log(pri), (len(X), 1))
    for k, c in enumerate("abc"):
        gk = pri[k] - (ym == c).astype(float)
        hk = pri[k] * (1 - pri[k])
        for s in (grp, ~grp):
            F[s, k] += lr * -gk[s].sum() / (hk * s.sum() + lam)
    Pm = np.exp(F - F.max(1, keepdims=True))
    Pm /= Pm.sum(1, keepdims=True)

    @check("multiclass_init_and_one_round")
    def _(o):
        assert arr(o, "multi1", "classes").tolist() == ["a", "b", "c"]
        assert np.allclose(arr(o, "multi1", "P"), Pm, atol=1e-9)

    X, grp, g = two_groups(n=400, seed=4)
    y = np.where(grp, 5.0, 1.0)
    nanrows = g.random(len(X)) < 0.2
    y = np.where(nanrows, 5.0, y)
    X[nanrows, 0] = np.nan
    Q = np.array([[np.nan, 0.5, 0.5], [0.1, 0.5, 0.5], [0.9, 0.5, 0.5]])
    jobs.append(job("miss1", data.put(X, y, Q=Q), R, STUMP, [["p", "predict", "Q"]]))
    X, grp, g = two_groups(n=300, seed=5, frac=0.7)
    y = np.where(grp, 8.0, 2.0)
    jobs.append(job("miss2", data.put(X, y, Q=np.array([[np.nan, 0.2, 0.2]])), R, STUMP, [["p", "predict", "Q"]]))
    X, grp, g = two_groups(n=300, seed=6, frac=0.3)
    y = np.where(grp, 8.0, 2.0)
    jobs.append(job("miss3", data.put(X, y, Q=np.full((1, 3), np.nan)), R, STUMP, [["p", "predict", "Q"]]))

    @check("missing_learned_direction_and_unseen")
    def _(o):
        assert np.allclose(arr(o, "miss1", "p"), [5.0, 1.0, 5.0])
        assert np.allclose(arr(o, "miss2", "p"), [2.0])
        assert np.allclose(arr(o, "miss3", "p"), [8.0])

    X, y = D.friedman1(1000, 10)
    fr = data.put(X, y)
    for depth in (1, 2, 3, 5):
        jobs.append(job(f"depth{depth}", fr, R, dict(STUMP, max_depth=depth), [["p", "predict", "X"]]))
    jobs.append(job("msl150", fr, R, dict(STUMP, max_depth=10, min_samples_leaf=150), [["p", "predict", "X"]]))
    jobs.append(job("msl501", fr, R, dict(STUMP, max_depth=10, min_samples_leaf=501), [["p", "predict", "X"]]))
    ymean = y.mean()

    @check("depth_and_min_samples_leaf")
    def _(o):
        for depth in (1, 2, 3, 5):
            assert len(np.unique(np.round(arr(o, f"depth{depth}", "p"), 9))) == 2 ** depth
        vals, counts = np.unique(np.round(arr(o, "msl150", "p"), 9), return_counts=True)
        assert counts.min() >= 150 and len(vals) >= 4
        assert np.allclose(arr(o, "msl501", "p"), ymean)

    jobs.append(job("const", data.put(np.ones((100, 4)), np.arange(100.0)), R, dict(n_estimators=5),
                    [["p", "predict", "X"], ["fi", "attr", "feature_importances_"]]))
    g = np.random.default_rng(8)
    X = g.normal(size=(800, 6))
    y = 3 * np.sign(X[:, 4]) + 0.3 * X[:, 1] + g.normal(0, 0.1, 800)
    jobs.append(job("imp", data.put(X, y), R, dict(n_estimators=30, max_depth=2),
                    [["fi", "attr", "feature_importances_"], ["nf", "attr", "n_features_in_"]]))

    @check("constant_features_and_importances")
    def _(o):
        assert np.allclose(arr(o, "const", "p"), 49.5)
        fi = arr(o, "const", "fi")
        assert fi.shape == (4,) and np.allclose(fi, 0)
        fi = arr(o, "imp", "fi")
        assert fi.shape == (6,) and abs(fi.sum() - 1) < 1e-9 and np.all(fi >= 0)
        assert fi.argmax() == 4 and fi[4] > 0.5
        assert arr(o, "imp", "nf").tolist() == 6

    X, y = D.friedman1(800, 11)
    fs = data.put(X, y)
    kw = dict(n_estimators=20, subsample=0.6, max_depth=3, min_samples_leaf=5)
    for jid, rs in (("sub_a", 1), ("sub_b", 1), ("sub_c", 2)):
        jobs.append(job(jid, fs, R, dict(kw, random_state=rs), [["p", "predict", "X"]]))

    @check("determinism_and_subsample")
    def _(o):
        a, b, c = (arr(o, j, "p") for j in ("sub_a", "sub_b", "sub_c"))
        assert np.array_equal(a, b)
        assert not np.allclose(a, c)

    g = np.random.default_rng(12)
    X = g.normal(size=(600, 3))
    yl = np.where(X[:, 0] + X[:, 1] > 0, 1, -1)
    Xn = X.copy()
    Xn[::7, 1] = np.nan
    jobs.append(job("lab_int", data.put(X, yl), C, dict(n_estimators=30),
                    [["classes", "attr", "classes_"], ["pred", "predict", "X"]]))
    jobs.append(job("lab_str", data.put(X, np.where(yl > 0, "yes", "no"), Xn=Xn), C, dict(n_estimators=30),
                    [["classes", "attr", "classes_"], ["P", "predict_proba", "X"], ["pred", "predict", "X"],
                     ["Pn", "predict_proba", "Xn"]]))

    @check("classifier_labels_and_proba")
    def _(o):
        assert arr(o, "lab_int", "classes").tolist() == [-1, 1]
        pred = arr(o, "lab_int", "pred")
        assert set(pred.tolist()) <= {-1, 1}
        assert (pred == yl).mean() > 0.9
        classes = arr(o, "lab_str", "classes")
        assert classes.tolist() == ["no", "yes"]
        P = arr(o, "lab_str", "P")
        assert P.shape == (600, 2) and np.allclose(P.sum(1), 1) and np.all((P >= 0) & (P <= 1))
        assert arr(o, "lab_str", "pred").tolist() == classes[P.argmax(1)].tolist()
        assert np.all(np.isfinite(arr(o, "lab_str", "Pn")))

    # -- accuracy on hidden data (test labels stay here) -----------------------------------
    X, y = D.friedman1(2000, 101)
    Xt, yt_f = D.friedman1(3000, 102)
    jobs.append(job("acc_reg", data.put(X, y, Xt=Xt), R,
                    dict(n_estimators=200, learning_rate=0.1, max_depth=3, min_samples_leaf=10),
                    [["p", "predict", "Xt"]]))

    @check("friedman_regression")
    def _(o):
        s = r2(arr(o, "acc_reg", "p"), yt_f)
        print("  friedman r2", round(s, 4))
        assert s >= 0.92

    X, y = D.binary_missing(3000, 103)
    Xt, yt_b = D.binary_missing(4000, 104)
    jobs.append(job("acc_bin", data.put(X, y, Xt=Xt), C,
                    dict(n_estimators=150, learning_rate=0.1, max_depth=4, min_samples_leaf=20),
                    [["pred", "predict", "Xt"], ["P", "predict_proba", "Xt"]]))

    @check("binary_with_missing_values")
    def _(o):
        pred = arr(o, "acc_bin", "pred")
        assert pred.shape == yt_b.shape
        acc = (pred == yt_b).mean()
        P = arr(o, "acc_bin", "P")[:, 1]
        ll = -np.mean(yt_b * np.log(np.clip(P, 1e-15, 1)) + (1 - yt_b) * np.log(np.clip(1 - P, 1e-15, 1)))
        print("  binary acc", acc, "logloss", round(ll, 4))
        assert acc >= 0.795 and ll <= 0.43

    X, y = D.multiclass(3000, 105)
    Xt, yt_m = D.multiclass(4000, 106)
    jobs.append(job("acc_multi", data.put(X, y, Xt=Xt), C,
                    dict(n_estimators=100, learning_rate=0.1, max_depth=3, min_samples_leaf=20),
                    [["classes", "attr", "classes_"], ["pred", "predict", "Xt"]]))
    classes_m = sorted(set(y.tolist()))

    @check("multiclass_string_labels")
    def _(o):
        assert arr(o, "acc_multi", "classes").tolist() == classes_m
        pred = arr(o, "acc_multi", "pred")
        assert pred.shape == yt_m.shape
        acc = (pred == yt_m).mean()
        print("  multiclass acc", acc)
        assert acc >= 0.77

    return jobs, checks


def main():
    data = Data()
    work = hg.agent_workdir()
    details = {}
    jobs, checks = build(data)
    _, obs = run_driver(data, data.jobs("main.json", jobs), work, 400)
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
    details["checks_passed"] = f"{len(passed)}/{len(checks)}"

    # -- speed: whole processes measured from outside ---------------------------------------
    big = dict(n_estimators=40, learning_rate=0.3, max_depth=6, min_samples_leaf=20)
    X, y = D.big_regression(20000, 107)
    Xt, yt = D.big_regression(5000, 108)
    Xp, yp = D.big_regression(50000, 109)
    fit_jobs = data.jobs("fit.json", [job("big", data.put(X, y, Xt=Xt), R, big, [["p", "predict", "Xt"]])])
    pred_jobs = data.jobs("predict.json", [job("many", data.put(X[:2000], y[:2000], Xt=Xp), R, big,
                                               [["p", "predict", "Xt"]])])
    r, o = run_driver(data, fit_jobs, work, 120)
    try:
        s = r2(arr(o, "big", "p"), yt)
    except Exception as e:  # noqa: BLE001
        s = float("nan")
        print(f"FAIL big fit: {type(e).__name__}: {str(e)[:300]}")
    print(f"  big fit+predict process: {r.cpu_sec:.2f} CPU-s (limit {FIT_PREDICT_CPU_LIMIT}), r2 {s:.4f} (need 0.93)")
    details.update(fit_predict_cpu_sec=r.cpu_sec, big_r2=None if s != s else s)
    if not (s >= 0.93 and r.cpu_sec <= FIT_PREDICT_CPU_LIMIT):
        print("FAIL big fit: too slow or not accurate enough")
        ok = False
    r, o = run_driver(data, pred_jobs, work, 120)
    try:
        s = r2(arr(o, "many", "p"), yp)
    except Exception as e:  # noqa: BLE001
        s = float("nan")
        print(f"FAIL bulk predict: {type(e).__name__}: {str(e)[:300]}")
    print(f"  small fit + 50,000-row predict process: {r.cpu_sec:.2f} CPU-s (limit {PREDICT_CPU_LIMIT}), r2 {s:.4f}")
    details.update(bulk_predict_cpu_sec=r.cpu_sec, bulk_r2=None if s != s else s)
    if not (s >= 0.75 and r.cpu_sec <= PREDICT_CPU_LIMIT):
        print("FAIL bulk predict: too slow or not accurate enough")
        ok = False
    hg.write_reward(1.0 if ok else 0.0, details=details)
    return 0


if __name__ == "__main__":
    sys.exit(main())
