"""Hidden verifier for build-script-interpreter (runs as root from /tests).

Runs /app/brook on every test program as the agent user (horizon_grading.run_program), in a
fresh agent-owned folder holding copies of the programs, and compares stdout, stderr and the
exit code exactly with tests/expected.json, which stays in /tests (root-only) and in this
process's memory. Exit 0 once a reward is written; non-zero only when the grader itself broke.
"""
import base64
import json
import os
import sys

import horizon_grading as hg

HERE = os.path.dirname(os.path.abspath(__file__))
APP = "/app/brook"
PROGRAM_TIMEOUT_SEC = 20.0
TOTAL_WALL_SEC = 900.0
TOTAL_CPU_SEC = 120.0

WRITER = r'''
import base64, json, os, sys
for name, data in json.load(sys.stdin).items():
    os.makedirs(os.path.dirname(name), exist_ok=True)
    with open(name, "wb") as f:
        f.write(base64.b64decode(data))
'''


def main():
    if hg.run_program(["test", "-f", APP, "-a", "-x", APP], timeout_sec=30).returncode != 0:
        print(f"FAIL: {APP} is missing or not executable")
        hg.write_reward(0.0, details={"error": "no /app/brook"})
        return 0
    with open(os.path.join(HERE, "expected.json")) as f:
        expected = json.load(f)
    files = {}
    for rel in expected:
        with open(os.path.join(HERE, rel), "rb") as f:
            files[rel] = base64.b64encode(f.read()).decode()
    work = hg.agent_workdir()
    put = hg.run_program(["python3", "-I", "-c", WRITER], stdin=json.dumps(files), timeout_sec=120, cwd=work)
    if put.returncode != 0:
        raise SystemExit("verifier broken: cannot write the programs: " + put.stderr.decode(errors="replace"))
    bad, budget, cpu = 0, TOTAL_WALL_SEC, 0.0
    for rel, exp in sorted(expected.items()):
        if budget <= 0:
            print(f"FAIL: the programs together took over {TOTAL_WALL_SEC:.0f} s of wall-clock time")
            bad += 1
            break
        r = hg.run_program([APP, rel], timeout_sec=min(PROGRAM_TIMEOUT_SEC, budget), cwd=work)
        budget -= r.wall_sec
        cpu += r.cpu_sec
        if r.timed_out:
            got = {"stdout": "", "stderr": "<timeout>", "code": None}
        else:
            got = {"stdout": r.stdout.decode("utf-8", "replace"), "stderr": r.stderr.decode("utf-8", "replace"),
                   "code": r.returncode}
        if got != exp:
            bad += 1
            if bad <= 12:
                print("MISMATCH in", rel)
                for key in ("code", "stdout", "stderr"):
                    if got[key] != exp[key]:
                        print("  %s expected %r\n  %s got      %r" % (key, str(exp[key])[:300], key, str(got[key])[:300]))
    if cpu > TOTAL_CPU_SEC:
        print(f"FAIL: the programs together used {cpu:.1f} s of CPU (limit {TOTAL_CPU_SEC:.0f} s)")
        bad += 1
    print("%d/%d programs correct (%.1f s wall, %.1f s CPU)" % (len(expected) - bad, len(expected),
                                                                TOTAL_WALL_SEC - budget, cpu))
    hg.write_reward(1.0 if bad == 0 else 0.0, details={"programs": len(expected), "wrong": bad})
    return 0


if __name__ == "__main__":
    sys.exit(main())
