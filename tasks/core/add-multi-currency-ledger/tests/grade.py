#!/usr/bin/env python3
"""Verifier for add-multi-currency-ledger (runs as root from /tests).

1. The agent's visible test suite runs as the agent (a sanity check, never trusted alone).
2. Seeded scenarios (scenario.py, seed drawn here): version-5 databases built from the
   reference's v1-5 migrations, then migrated and exercised through the CLI, the HTTP API and
   read-only SQL by driver.py -- once as the agent against /app, once as root against the
   reference copy in /tests/reference. The observations must agree step for step.

Exit 0 when graded (reward written), non-zero only when the verifier itself broke.
"""
import json
import os
import subprocess
import sys
import tempfile

import horizon_grading as hg

HERE = os.path.dirname(os.path.abspath(__file__))
REFERENCE = os.path.join(HERE, "reference")
sys.path.insert(0, REFERENCE)
sys.path.insert(0, HERE)
import scenario  # noqa: E402


def run_reference(document):
    work = tempfile.mkdtemp(prefix="ref-")
    env = {"PATH": hg.PROGRAM_PATH, "HOME": work, "LANG": "C"}
    proc = subprocess.run([sys.executable, os.path.join(HERE, "driver.py"), REFERENCE],
                          input=json.dumps(document), capture_output=True, text=True,
                          cwd=work, env=env, timeout=400)
    if proc.returncode != 0:
        raise SystemExit("verifier broken: the reference driver failed\n" + proc.stderr[-3000:])
    return json.loads(proc.stdout)


def run_agent(document):
    work = hg.agent_workdir()
    with open(os.path.join(HERE, "driver.py")) as handle:
        source = handle.read()
    put = hg.run_program(["sh", "-c", "cat > driver.py"], stdin=source, cwd=work,
                         timeout_sec=30)
    if put.returncode != 0:
        raise hg.GradingError("cannot write the driver into the agent's folder")
    result = hg.run_program(["python3", "driver.py", "/app"], stdin=json.dumps(document),
                            cwd=work, timeout_sec=450)
    if result.timed_out:
        return None, "the driver timed out (450 s)"
    try:
        return json.loads(result.stdout.decode()), None
    except (UnicodeDecodeError, ValueError):
        tail = result.stderr.decode(errors="replace")[-1500:]
        return None, f"no JSON from the driver (exit {result.returncode}): {tail}"


def visible_suite():
    result = hg.run_program(
        ["python3", "-m", "pytest", "-q", "-p", "no:cacheprovider", "-x", "tests"],
        cwd="/app", timeout_sec=300,
        # LANG=C: argparse's gettext lookups otherwise cost seconds per CLI test in a sandbox.
        env={"PATH": hg.PROGRAM_PATH, "HOME": "/home/agent", "USER": "agent", "LANG": "C"})
    text = result.stdout.decode(errors="replace")
    ok = result.returncode == 0 and " passed" in text and "failed" not in text
    return ok, text.strip().splitlines()[-1:] if text.strip() else []


def describe(step):
    if step["kind"] == "cli":
        return "ledgerly " + " ".join(step["args"])
    if step["kind"] == "api":
        return f'{step["method"]} {step["path"]}'
    if step["kind"] == "sql":
        return "SQL " + step["query"]
    return step["kind"]


def main():
    seed = int.from_bytes(os.urandom(4), "big")
    document = scenario.build(seed)
    expected = run_reference(document)
    total = sum(len(db["steps"]) for db in document["databases"])
    print(f"seed {seed}: {len(document['databases'])} databases, {total} steps")

    suite_ok, suite_tail = visible_suite()
    print("visible suite:", "ok" if suite_ok else "FAILED", *suite_tail)

    observed, problem = run_agent(document)
    if observed is None:
        print("FAIL:", problem)
        hg.write_reward(0.0, details={"seed": seed, "failed": problem[:300],
                                      "visible_suite": suite_ok})
        return 0
    matched, failures = 0, []
    for db in document["databases"]:
        got = observed.get(db["name"]) if isinstance(observed, dict) else None
        want = expected[db["name"]]
        for index, step in enumerate(db["steps"]):
            mine = got[index] if isinstance(got, list) and index < len(got) else None
            if mine == want[index]:
                matched += 1
            else:
                failures.append(f"{db['name']} step {index}: {describe(step)}")
    for line in failures[:25]:
        print("MISMATCH", line)
    share = matched / total
    reward = share if suite_ok else 0.0
    print(f"{matched}/{total} observations agree; visible suite {'ok' if suite_ok else 'failed'}")
    hg.write_reward(round(reward, 4), details={
        "seed": seed, "matched": matched, "steps": total, "visible_suite": suite_ok,
        "first_mismatches": failures[:10]})
    return 0


if __name__ == "__main__":
    sys.exit(main())
