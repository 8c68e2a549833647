#!/usr/bin/env python3
"""Verifier for reconcile-marketplace-payouts (runs as root from /tests).

For each hidden seed, gen.py writes a fresh input folder into a fresh agent-owned work folder
(as the agent), the reference (tests/reference.py, run here as root on a root-only copy)
computes the expected outputs, which stay in this process's memory, and the agent's
/app/reconcile.py runs as the agent on its copy. Outputs are read back as the agent.

Exit code: 0 graded (reward written), anything else = the verifier itself broke.
"""
import csv
import io
import json
import os
import shutil
import sys
import tarfile
import tempfile
from decimal import Decimal, InvalidOperation

import horizon_grading as hg

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import gen  # noqa: E402
import reference  # noqa: E402

SEEDS = [830417, 271828]
HEADER = ["seller_id", "month", "orders", "gross_eur", "refunds_eur", "fees_eur", "net_eur",
          "paid_eur", "diff_eur"]
COUNTS = ["orders_superseded", "orders_cancelled", "orders_pending", "orders_unknown_seller",
          "orders_out_of_period", "orders_counted", "refunds_duplicate", "refunds_orphan",
          "refunds_out_of_period", "refunds_counted", "seller_months", "mismatched_seller_months"]
AMOUNTS = ["gross_eur", "refunds_eur", "fees_eur", "net_eur", "paid_eur"]


def dec(s):
    try:
        return Decimal(str(s).strip())
    except (InvalidOperation, ValueError):
        return None


def parse_table(text):
    rows = list(csv.reader(io.StringIO(text)))
    if not rows or [h.strip() for h in rows[0]] != HEADER:
        return None, f"header {rows[0] if rows else None!r}"
    out = []
    for row in rows[1:]:
        if not row:
            continue
        if len(row) != len(HEADER):
            return None, f"row {row!r} has {len(row)} fields"
        vals = [row[0].strip(), row[1].strip(), row[2].strip()] + [dec(v) for v in row[3:]]
        if any(v is None for v in vals):
            return None, f"row {row!r} has a non-number amount"
        out.append(tuple(vals))
    return out, ""


def check(seed):
    src = tempfile.mkdtemp(prefix=f"in-{seed}-")  # root-only TMPDIR
    gen.make(seed, src)
    expected_dir = tempfile.mkdtemp(prefix=f"exp-{seed}-")
    reference.main(src, expected_dir)
    with open(os.path.join(expected_dir, "seller_months.csv")) as f:
        want_rows, _ = parse_table(f.read())
    with open(os.path.join(expected_dir, "summary.json")) as f:
        want_sum = json.load(f)

    work = hg.agent_workdir()
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w") as tar:
        tar.add(src, arcname="input")
    r = hg.run_program(["tar", "-xf", "-"], stdin=buf.getvalue(), timeout_sec=60, cwd=work)
    if r.returncode != 0:
        raise hg.GradingError(f"cannot unpack the input as the agent: {r.stderr!r}")
    shutil.rmtree(src)
    shutil.rmtree(expected_dir)

    r = hg.run_program(["python3", "/app/reconcile.py", f"{work}/input", f"{work}/out"],
                       timeout_sec=120, cwd=work)
    print(f"seed {seed}: exit {r.returncode}, {r.cpu_sec:.1f}s CPU, {r.wall_sec:.1f}s wall")
    if r.returncode != 0 or r.timed_out:
        return [f"reconcile.py failed (exit {r.returncode}): "
                + r.stderr.decode(errors="replace")[-800:]]
    problems = []
    table = hg.read_output(f"{work}/out/seller_months.csv")
    got_rows, why = parse_table(table.decode("utf-8", "replace")) if table is not None else (None, "missing")
    if got_rows is None:
        problems.append(f"seller_months.csv unreadable: {why}")
    else:
        want_keys = {row[:2]: row for row in want_rows}
        got_keys = {}
        for row in got_rows:
            if row[:2] in got_keys:
                problems.append(f"seller_months.csv repeats {row[:2]}")
            got_keys[row[:2]] = row
        missing = [k for k in want_keys if k not in got_keys]
        extra = [k for k in got_keys if k not in want_keys]
        wrong = [k for k in want_keys if k in got_keys and got_keys[k] != want_keys[k]]
        if missing or extra or wrong:
            problems.append(f"seller_months.csv: {len(missing)} rows missing, {len(extra)} extra, "
                            f"{len(wrong)} with wrong values (of {len(want_keys)})")
            for k in wrong[:3]:
                problems.append(f"  e.g. {k}: values differ")
        elif [row[:2] for row in got_rows] != sorted(want_keys):
            problems.append("seller_months.csv is not sorted by seller_id, month")
    raw = hg.read_output(f"{work}/out/summary.json")
    try:
        got_sum = json.loads(raw) if raw is not None else None
    except (ValueError, UnicodeDecodeError):
        got_sum = None
    if not isinstance(got_sum, dict):
        problems.append("summary.json missing or not a JSON object")
    else:
        if got_sum.get("period") != want_sum["period"]:
            problems.append("summary.json: period differs")
        for k in COUNTS:
            v = got_sum.get(k)
            if isinstance(v, bool) or not isinstance(v, int) or v != want_sum[k]:
                problems.append(f"summary.json: {k} differs")
        for k in AMOUNTS:
            v = got_sum.get(k)
            if isinstance(v, bool) or not isinstance(v, (str, int, float)) or dec(v) != Decimal(want_sum[k]):
                problems.append(f"summary.json: {k} differs")
    return problems


def main():
    failed = {}
    for seed in SEEDS:
        problems = check(seed)
        for p in problems:
            print(f"FAIL seed {seed}: {p}")
        if problems:
            failed[str(seed)] = problems[:5]
        else:
            print(f"ok   seed {seed}")
    hg.write_reward(0.0 if failed else 1.0, details={"failed_datasets": len(failed), "of": len(SEEDS)})
    return 0


if __name__ == "__main__":
    sys.exit(main())
