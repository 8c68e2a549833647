import base64, glob, json, os, random, subprocess, sys, tempfile
import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import hzc_ref
import hzcgen

PROG = os.environ.get("HZC_AGENT", "/app/hzc.py")
TMP = tempfile.mkdtemp(prefix="hzc-test-")


def run(*args):
    return subprocess.run([sys.executable, PROG, *args], capture_output=True, timeout=20)


def norm(doc):
    """Compare blobs by their bytes (base64 spelling may differ)."""
    doc = json.loads(json.dumps(doc))
    for e in doc.get("entries", []):
        if isinstance(e, dict) and e.get("type") == "blob" and isinstance(e.get("data"), str):
            e["data"] = base64.b64decode(e["data"])
    return doc


def make_docs(seed, n):
    r = random.Random(seed)
    docs = [hzcgen.random_doc(r, ver=1 + i % 2, n=(0 if i == 0 else None), big=(i % 7 == 3)) for i in range(n)]
    docs.append(hzcgen.random_doc(r, ver=2, n=12, big=True))
    docs.append(hzcgen.random_doc(r, ver=1, n=12, big=True))
    return [json.loads(json.dumps(d)) for d in docs]


DEC_DOCS = make_docs(1001, 30)
ENC_DOCS = make_docs(2002, 30)


def test_program_exists():
    assert os.path.isfile(PROG)


@pytest.mark.parametrize("i", range(len(DEC_DOCS)))
def test_decode(i):
    doc = DEC_DOCS[i]
    src = os.path.join(TMP, f"d{i}.hzc")
    out = os.path.join(TMP, f"d{i}.json")
    open(src, "wb").write(hzc_ref.encode(doc))
    p = run("decode", src, out)
    assert p.returncode == 0, p.stderr.decode(errors="replace")[-800:]
    got = json.load(open(out, encoding="utf-8"))
    assert norm(got) == norm(doc)


@pytest.mark.parametrize("i", range(len(ENC_DOCS)))
def test_encode(i):
    doc = ENC_DOCS[i]
    src = os.path.join(TMP, f"e{i}.json")
    out = os.path.join(TMP, f"e{i}.hzc")
    json.dump(doc, open(src, "w", encoding="utf-8"), ensure_ascii=bool(i % 2), indent=(None if i % 3 else 2))
    p = run("encode", src, out)
    assert p.returncode == 0, p.stderr.decode(errors="replace")[-800:]
    want = hzc_ref.encode(doc)
    got = open(out, "rb").read()
    assert got == want, f"first difference at byte {next((k for k in range(min(len(got), len(want))) if got[k] != want[k]), min(len(got), len(want)))}"


def _bad():
    r = random.Random(3003)
    cases = []
    for doc in make_docs(3004, 10)[1:]:
        for kind, data in hzcgen.corruptions(r, hzc_ref.encode(doc)):
            cases.append((kind, data))
    cases.append(("empty", b""))
    cases.append(("magic", b"HZD" + hzc_ref.encode(DEC_DOCS[3])[3:]))
    return cases


BAD = _bad()


@pytest.mark.parametrize("i", range(len(BAD)))
def test_reject(i):
    kind, data = BAD[i]
    src = os.path.join(TMP, f"b{i}.hzc")
    open(src, "wb").write(data)
    p = run("decode", src, os.path.join(TMP, f"b{i}.json"))
    assert p.returncode == 1, (kind, p.returncode)
