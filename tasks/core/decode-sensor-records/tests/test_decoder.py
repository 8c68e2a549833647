import json, math, os, random, subprocess, sys, tempfile
import pytest
sys.path.insert(0, os.path.dirname(__file__))
from snrgen import encode, random_doc, corruptions

DEC = "/app/decode_snr.py"


def run(data):
    with tempfile.NamedTemporaryFile(suffix=".snr", delete=False) as f:
        f.write(data)
    try:
        p = subprocess.run([sys.executable, DEC, f.name], capture_output=True, timeout=10)
    finally:
        os.unlink(f.name)
    return p


def same(a, b):
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    return type(a) == type(b) and a == b


R = random.Random(987654)
DOCS = [random_doc(R, n) for n in (0, 1, 2)] + [random_doc(R) for _ in range(22)]
DOCS.append(random_doc(R, 400))


def test_exists():
    assert os.path.isfile(DEC)


@pytest.mark.parametrize("i", range(len(DOCS)))
def test_decode(i):
    doc = DOCS[i]
    p = run(encode(doc))
    assert p.returncode == 0, p.stderr.decode(errors="replace")[-500:]
    got = json.loads(p.stdout)
    assert same(got, json.loads(json.dumps(doc))), (got, doc)


CR = random.Random(4242)
BAD = []
for d in DOCS[3:13]:
    BAD.extend(corruptions(CR, encode(d)))
BAD.append(b"")
BAD.append(b"SNRX" + encode(DOCS[5])[4:])


@pytest.mark.parametrize("i", range(len(BAD)))
def test_reject(i):
    p = run(BAD[i])
    assert p.returncode == 1
