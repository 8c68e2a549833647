"""Grade the HZC2 break without running the agent's code as root.

- /app/plaintexts/msgN.txt are read as the agent (read_output: a link to /tests fails) and their
  sha256 compared with /tests/expected_plaintexts.json.
- Fresh ciphertexts are made here, as root, by gen_fresh.py in a root-only folder; only the .enc
  files are copied into a fresh folder of the agent's, where /app/decrypt.py runs as the agent
  (run_program); its output is read as the agent and compared with the sha256 kept in memory.
"""
import hashlib
import json
import os
import subprocess
import sys
import tempfile

import horizon_grading as hg
import horizon_obsgrade as obsgrade

FRESH = ["header_only", "short", "memo", "binary", "long"]
TIMEOUT_SEC = 60  # the instruction's bar is 30 s per file on one core; wall-clock slack for load


def sha(data):
    return hashlib.sha256(data).hexdigest()


def main():
    with open("/tests/expected_plaintexts.json") as fh:
        expected = json.load(fh)
    results = {}
    for name in sorted(expected):
        got = hg.read_output(f"/app/plaintexts/{name}.txt")
        results[f"provided/{name}"] = got is not None and sha(got) == expected[name]
    folder = tempfile.mkdtemp()  # under TMPDIR, root-only
    subprocess.run([sys.executable, "-I", "/tests/gen_fresh.py", folder], check=True, timeout=120)
    with open(os.path.join(folder, "expected.json")) as fh:
        fresh = json.load(fh)
    for name in FRESH:
        work = hg.agent_workdir()
        with open(os.path.join(folder, name + ".enc"), "rb") as fh:
            obsgrade.put_files(work, {name + ".enc": fh.read()})
        r = hg.run_program(["python3", "/app/decrypt.py", f"{work}/{name}.enc", f"{work}/{name}.out"],
                           cwd="/app", timeout_sec=TIMEOUT_SEC)
        out = hg.read_output(f"{work}/{name}.out") if r.returncode == 0 and not r.timed_out else None
        results[f"fresh/{name}"] = out is not None and sha(out) == fresh[name]
        print(f"fresh {name}: exit {r.returncode} wall {r.wall_sec:.1f}s ok={results[f'fresh/{name}']}")
        if r.returncode != 0:
            print(r.stderr.decode(errors="replace")[-1500:])
    ok = all(results.values())
    failed = sorted(k for k, v in results.items() if not v)
    print(f"reward {int(ok)}; failed: {failed}")
    hg.write_reward(1 if ok else 0, details={"passed": sum(results.values()), "of": len(results),
                                            "failed": failed})


main()
