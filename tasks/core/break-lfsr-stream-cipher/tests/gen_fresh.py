"""Writes fresh HZC2 ciphertexts (random keys, random bodies) into OUTDIR and the sha256 of each
plaintext into OUTDIR/expected.json. Runs in its own process, so no key outlives it."""
import hashlib, json, os, random, sys
sys.path.insert(0, "/tests")
import hzcrypt

H = b"HORIZON SECURE MEMO v2 -- CLASSIFIED --\n"
out = sys.argv[1]
rng = random.SystemRandom()
WORDS = ("alpha bravo budget cipher deploy east forecast gateway harbor invoice july kernel "
         "ledger meridian north orbit payroll quarter rollout signal tariff uplink vendor west").split()


def text(n):
    lines, cur = [], []
    while sum(len(l) + 1 for l in lines) < n:
        cur.append(rng.choice(WORDS))
        if len(cur) > rng.randint(5, 12):
            lines.append(" ".join(cur)); cur = []
    return ("\n".join(lines) + "\n").encode()[:n]


bodies = {
    "header_only": b"",
    "short": b"From: x\nTo: y\n\nok\n",
    "memo": b"From: ops\nTo: all\nSubject: " + text(40).replace(b"\n", b" ") + b"\n\n" + text(rng.randint(1500, 4000)),
    "binary": os.urandom(rng.randint(3000, 6000)),
    "long": text(rng.randint(40000, 60000)),
}
expected = {}
for name, body in bodies.items():
    pt = H + body
    with open(os.path.join(out, name + ".enc"), "wb") as f:
        f.write(hzcrypt.encrypt(os.urandom(16), pt))
    expected[name] = hashlib.sha256(pt).hexdigest()
with open(os.path.join(out, "expected.json"), "w") as f:
    json.dump(expected, f)
