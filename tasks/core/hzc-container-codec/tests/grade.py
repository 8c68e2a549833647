"""Hidden verifier for hzc-container-codec (runs as root from /tests).

Inputs (documents and files) are generated here with the reference codec (/tests/hzc_ref.py,
our code) and written into fresh agent-owned folders; the expected JSON and bytes stay in this
process's memory. The agent's /app/hzc.py only ever runs as the agent user
(horizon_grading.run_program), and what it wrote is read back as the agent (read_output).
Decode inputs and encode inputs live in separate folders, so no input is another case's answer.
Exit 0 once a reward is written; non-zero only when the grader itself broke.
"""
import base64
import json
import os
import random
import sys

import horizon_grading as hg

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import hzc_ref  # noqa: E402
import hzcgen  # noqa: E402

PROG = "/app/hzc.py"
COMMAND_TIMEOUT_SEC = 60.0
TOTAL_WALL_SEC = 900.0

WRITER = r'''
import base64, json, os, sys
for name, data in json.load(sys.stdin).items():
    with open(os.path.basename(name), "wb") as f:
        f.write(base64.b64decode(data))
'''


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


def bad_cases(dec_docs):
    r = random.Random(3003)
    cases = []
    for doc in make_docs(3004, 10)[1:]:
        for kind, data in hzcgen.corruptions(r, hzc_ref.encode(doc)):
            cases.append((kind, data))
    cases.append(("empty", b""))
    cases.append(("magic", b"HZD" + hzc_ref.encode(dec_docs[3])[3:]))
    return cases


def put_files(files):
    """A fresh agent-owned folder holding ``files`` (name -> bytes), written by the agent user."""
    work = hg.agent_workdir()
    payload = json.dumps({name: base64.b64encode(data).decode() for name, data in files.items()})
    r = hg.run_program(["python3", "-I", "-c", WRITER], stdin=payload, timeout_sec=120, cwd=work)
    if r.returncode != 0:
        raise SystemExit("verifier broken: cannot write inputs: " + r.stderr.decode(errors="replace"))
    return work


class Runner:
    def __init__(self):
        self.budget = TOTAL_WALL_SEC

    def __call__(self, work, *args):
        if self.budget <= 0:
            return None
        r = hg.run_program(["python3", PROG, *args], cwd=work,
                           timeout_sec=min(COMMAND_TIMEOUT_SEC, self.budget))
        self.budget -= r.wall_sec
        return None if r.timed_out else r


def grade():
    if hg.run_program(["test", "-f", PROG], timeout_sec=30).returncode != 0:
        return 0.0, {"error": f"{PROG} not found"}
    dec_docs, enc_docs = make_docs(1001, 30), make_docs(2002, 30)
    bad = bad_cases(dec_docs)
    dec_dir = put_files({**{f"d{i}.hzc": hzc_ref.encode(d) for i, d in enumerate(dec_docs)},
                         **{f"b{i}.hzc": data for i, (_, data) in enumerate(bad)}})
    enc_inputs = {}
    for i, doc in enumerate(enc_docs):
        text = json.dumps(doc, ensure_ascii=bool(i % 2), indent=(None if i % 3 else 2))
        enc_inputs[f"e{i}.json"] = text.encode("utf-8")
    enc_dir = put_files(enc_inputs)
    run = Runner()
    failures = []

    def fail(label, why):
        failures.append(label)
        if len(failures) <= 15:
            print(f"FAIL {label}: {why}")

    for i, doc in enumerate(dec_docs):
        r = run(dec_dir, "decode", f"d{i}.hzc", f"d{i}.json")
        if r is None or r.returncode != 0:
            fail(f"decode d{i}", "timed out" if r is None else f"exit {r.returncode}: {r.stderr.decode(errors='replace')[-300:]}")
            continue
        out = hg.read_output(os.path.join(dec_dir, f"d{i}.json"))
        try:
            ok = out is not None and norm(json.loads(out.decode("utf-8"))) == norm(doc)
        except Exception:  # noqa: garbled output
            ok = False
        if not ok:
            fail(f"decode d{i}", "wrong or unreadable JSON")
    for i, doc in enumerate(enc_docs):
        r = run(enc_dir, "encode", f"e{i}.json", f"e{i}.hzc")
        if r is None or r.returncode != 0:
            fail(f"encode e{i}", "timed out" if r is None else f"exit {r.returncode}: {r.stderr.decode(errors='replace')[-300:]}")
            continue
        got, want = hg.read_output(os.path.join(enc_dir, f"e{i}.hzc")), hzc_ref.encode(doc)
        if got != want:
            at = None if got is None else next((k for k in range(min(len(got), len(want))) if got[k] != want[k]), min(len(got), len(want)))
            fail(f"encode e{i}", "no output" if got is None else f"first difference at byte {at}")
    for i, (kind, _) in enumerate(bad):
        r = run(dec_dir, "decode", f"b{i}.hzc", f"b{i}.json")
        if r is None or r.returncode != 1:
            fail(f"reject b{i} ({kind})", "timed out" if r is None else f"exit {r.returncode}, expected 1")
    if run.budget <= 0:
        print(f"FAIL: the commands together took over {TOTAL_WALL_SEC:.0f} s of wall-clock time")
    total = len(dec_docs) + len(enc_docs) + len(bad)
    print(f"{total - len(failures)}/{total} cases passed")
    return (1.0 if not failures and run.budget > 0 else 0.0), {"cases": total, "failed": len(failures)}


def main():
    reward, details = grade()
    hg.write_reward(reward, details=details)
    return 0


if __name__ == "__main__":
    sys.exit(main())
