import hashlib, json, os, subprocess, sys, tempfile
import pytest

DECRYPT = "/app/decrypt.py"
EXPECTED = json.load(open("/tests/expected_plaintexts.json"))


def sha(p):
    return hashlib.sha256(open(p, "rb").read()).hexdigest()


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_provided_messages_decrypted(name):
    p = f"/app/plaintexts/{name}.txt"
    assert os.path.isfile(p), p
    assert sha(p) == EXPECTED[name]


@pytest.fixture(scope="module")
def fresh():
    d = tempfile.mkdtemp()
    subprocess.run([sys.executable, "/tests/gen_fresh.py", d], check=True, timeout=120)
    return d, json.load(open(os.path.join(d, "expected.json")))


@pytest.mark.parametrize("name", ["header_only", "short", "memo", "binary", "long"])
def test_decryptor_on_fresh_ciphertexts(fresh, name):
    d, expected = fresh
    assert os.path.isfile(DECRYPT)
    out = os.path.join(d, name + ".out")
    r = subprocess.run([sys.executable, DECRYPT, os.path.join(d, name + ".enc"), out],
                       capture_output=True, timeout=60, cwd="/app")
    assert r.returncode == 0, r.stderr.decode()[-2000:]
    assert sha(out) == expected[name]
