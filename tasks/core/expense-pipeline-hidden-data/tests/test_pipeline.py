import csv, json, os, subprocess, sys, tempfile
import pytest

sys.path.insert(0, "/tests")
import gen  # noqa: E402

SEEDS = [101, 202, 404]
_cache = {}


def run(seed):
    if seed in _cache:
        return _cache[seed]
    base = tempfile.mkdtemp(prefix=f"exp{seed}_")
    inp, exp, got = (os.path.join(base, x) for x in ("in", "exp", "got"))
    gen.generate(seed, inp, 3000)
    subprocess.run([sys.executable, "/tests/reference.py", inp, exp], check=True)
    assert os.path.exists("/app/pipeline.py"), "/app/pipeline.py missing"
    p = subprocess.run([sys.executable, "/app/pipeline.py", inp, got], capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stderr[-2000:]
    _cache[seed] = (exp, got)
    return exp, got


def read_csv(path):
    assert os.path.exists(path), f"missing {path}"
    with open(path, newline="") as f:
        return list(csv.reader(f))


@pytest.mark.parametrize("seed", SEEDS)
def test_clean(seed):
    exp, got = run(seed)
    e = read_csv(os.path.join(exp, "clean.csv"))
    g = read_csv(os.path.join(got, "clean.csv"))
    assert g[0] == e[0]
    assert [r[0] for r in g[1:]] == [r[0] for r in e[1:]], "clean txn ids / order differ"
    for er, gr in zip(e[1:], g[1:]):
        assert len(gr) == len(er), gr
        for i in (1, 2, 3, 4, 5, 6, 9):
            assert gr[i] == er[i], (e[0][i], er, gr)
        assert abs(float(gr[7]) - float(er[7])) < 0.001, (er, gr)
        assert abs(float(gr[8]) - float(er[8])) < 0.0101, (er, gr)


@pytest.mark.parametrize("seed", SEEDS)
def test_rejected(seed):
    exp, got = run(seed)
    e = read_csv(os.path.join(exp, "rejected.csv"))
    g = read_csv(os.path.join(got, "rejected.csv"))
    assert g[0] == e[0]
    assert g[1:] == e[1:]


@pytest.mark.parametrize("seed", SEEDS)
def test_summary(seed):
    exp, got = run(seed)
    e = json.load(open(os.path.join(exp, "summary.json")))
    g = json.load(open(os.path.join(got, "summary.json")))
    for k in ("n_input", "n_clean", "n_rejected", "n_outliers", "rejected_by_reason"):
        assert g[k] == e[k], k
    assert abs(g["total_usd"] - e["total_usd"]) < 0.5
    for k in ("by_department", "by_month"):
        assert sorted(g[k]) == sorted(e[k]), k
        for kk in e[k]:
            assert abs(g[k][kk] - e[k][kk]) < 0.5, (k, kk)
