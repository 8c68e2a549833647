"""Grade /app/pipeline.py on hidden generated datasets without running it as root.

For each seed, gen.py and reference.py (ours) run here as root in a root-only folder; only the
three input CSVs are copied into a fresh folder of the agent's, where /app/pipeline.py runs as
the agent (run_program). Its outputs are read as the agent (read_output) and compared with the
reference outputs, which never leave root-only storage.
"""
import csv
import io
import json
import os
import subprocess
import sys
import tempfile

import horizon_grading as hg
import horizon_obsgrade as obsgrade

sys.path.insert(0, "/tests")
import gen  # noqa: E402

SEEDS = [101, 202, 404]
INPUTS = ("fx_rates.csv", "employees.csv", "transactions.csv")


def rows(data):
    if data is None:
        raise AssertionError("missing output")
    return list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))


def check_clean(e, g):
    assert g[0] == e[0]
    assert [r[0] for r in g[1:]] == [r[0] for r in e[1:]], "clean txn ids / order differ"
    for er, gr in zip(e[1:], g[1:]):
        assert len(gr) == len(er), gr
        for i in (1, 2, 3, 4, 5, 6, 9):
            assert gr[i] == er[i], (e[0][i], er, gr)
        assert abs(float(gr[7]) - float(er[7])) < 0.001, (er, gr)
        assert abs(float(gr[8]) - float(er[8])) < 0.0101, (er, gr)


def check_rejected(e, g):
    assert g[0] == e[0]
    assert g[1:] == e[1:]


def check_summary(e, g):
    for k in ("n_input", "n_clean", "n_rejected", "n_outliers", "rejected_by_reason"):
        assert g[k] == e[k], k
    assert abs(g["total_usd"] - e["total_usd"]) < 0.5
    for k in ("by_department", "by_month"):
        assert sorted(g[k]) == sorted(e[k]), k
        for kk in e[k]:
            assert abs(g[k][kk] - e[k][kk]) < 0.5, (k, kk)


def attempt(name, check, *args):
    try:
        check(*args)
        return True
    except Exception as err:  # garbled or wrong output from the agent's program: a failed check
        print(f"{name}: {type(err).__name__}: {str(err)[:300]}")
        return False


def main():
    results = {}
    for seed in SEEDS:
        base = tempfile.mkdtemp(prefix=f"exp{seed}_")  # under TMPDIR, root-only
        inp, exp = os.path.join(base, "in"), os.path.join(base, "exp")
        gen.generate(seed, inp, 3000)
        subprocess.run([sys.executable, "-I", "/tests/reference.py", inp, exp], check=True)
        work = hg.agent_workdir()
        files = {}
        for name in INPUTS:
            with open(os.path.join(inp, name), "rb") as fh:
                files[f"in/{name}"] = fh.read()
        obsgrade.put_files(work, files)
        r = hg.run_program(["python3", "/app/pipeline.py", f"{work}/in", f"{work}/got"],
                           cwd="/app", timeout_sec=120)
        print(f"seed {seed}: exit {r.returncode}, wall {r.wall_sec:.1f}s")
        if r.returncode != 0 or r.timed_out:
            print(r.stderr.decode(errors="replace")[-2000:])
            for part in ("clean", "rejected", "summary"):
                results[f"{part}/{seed}"] = False
            continue
        with open(os.path.join(exp, "clean.csv"), newline="") as fh:
            e_clean = list(csv.reader(fh))
        with open(os.path.join(exp, "rejected.csv"), newline="") as fh:
            e_rej = list(csv.reader(fh))
        with open(os.path.join(exp, "summary.json")) as fh:
            e_sum = json.load(fh)
        g_clean = hg.read_output(f"{work}/got/clean.csv")
        g_rej = hg.read_output(f"{work}/got/rejected.csv")
        g_sum = hg.read_output(f"{work}/got/summary.json")
        results[f"clean/{seed}"] = attempt("clean", lambda: check_clean(e_clean, rows(g_clean)))
        results[f"rejected/{seed}"] = attempt("rejected", lambda: check_rejected(e_rej, rows(g_rej)))
        results[f"summary/{seed}"] = attempt("summary", lambda: check_summary(e_sum, json.loads(g_sum)))
    ok = all(results.values())
    failed = sorted(k for k, v in results.items() if not v)
    print(f"reward {int(ok)}; failed: {failed}")
    hg.write_reward(1 if ok else 0, details={"passed": sum(results.values()), "of": len(results),
                                            "failed": failed})


main()
