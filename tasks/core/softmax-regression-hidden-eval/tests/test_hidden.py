import csv, os, subprocess, sys, tempfile
import numpy as np

sys.path.insert(0, "/tests")
import gen  # noqa: E402

ACC_BAR = 0.685
LOGLOSS_BAR = 0.79
N = 4000


def run_predict():
    assert os.path.exists("/app/predict.py"), "/app/predict.py missing"
    d = tempfile.mkdtemp()
    X, reg, y, _ = gen.sample(777, N)
    inp, out = os.path.join(d, "hidden.csv"), os.path.join(d, "pred.csv")
    gen.write(inp, X, reg, None, start_id=100001)
    p = subprocess.run([sys.executable, "/app/predict.py", inp, out], cwd="/app",
                       capture_output=True, text=True, timeout=60)
    assert p.returncode == 0, p.stderr[-2000:]
    rows = list(csv.DictReader(open(out)))
    return y, rows


_res = {}


def res():
    if not _res:
        _res["v"] = run_predict()
    return _res["v"]


def test_format():
    y, rows = res()
    assert len(rows) == N
    assert [int(r["id"]) for r in rows] == list(range(100001, 100001 + N))
    for r in rows:
        p = [float(r[f"p{k}"]) for k in range(4)]
        assert all(0 <= v <= 1 for v in p)
        assert abs(sum(p) - 1) < 1e-3
        assert int(r["label"]) in (0, 1, 2, 3)


def test_accuracy_and_logloss():
    y, rows = res()
    lab = np.array([int(r["label"]) for r in rows])
    P = np.array([[float(r[f"p{k}"]) for k in range(4)] for r in rows])
    acc = (lab == y).mean()
    ll = -np.log(np.clip(P[np.arange(N), y], 1e-15, 1)).mean()
    print("accuracy", acc, "logloss", ll)
    assert acc >= ACC_BAR, acc
    assert ll <= LOGLOSS_BAR, ll
