#!/usr/bin/env python3
"""Verifier: /app/logagg.py must print byte-identical reports to the original on hidden logs, and on
the hidden benchmark log use at most 1/15 of the original's CPU time and at most half of its peak
memory (max RSS).

Every program runs through horizon_grading.run_program, measured from outside (CPU of the whole
process tree, peak RSS of its largest process): the agent's version as the agent, the original
(a copy from /tests) as `nobody` with `python3 -I`, so nothing the agent left behind (user
site-packages, environment) can slow the baseline down. Expected reports exist only in this
process's memory.
"""
import os
import shutil
import sys
import tempfile

import horizon_grading as hg

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import gen_log  # noqa: E402

AGENT = "/app/logagg.py"
REQUIRED_SPEEDUP = 15.0
MAX_MEMORY_RATIO = 0.5


def edge_logs(d):
    logs = {}

    def put(name, text):
        p = os.path.join(d, name)
        with open(p, "w", encoding="utf-8", newline="") as f:
            f.write(text)
        logs[name] = p

    put("empty.log", "")
    put("only_malformed.log", "nothing here\n\n[bad] line\n")
    line = '10.0.0.{i} - - [{ts}] "GET /a/{i}/b?x=1 HTTP/1.1" {st} {sz} {lat} "ua{u}"'
    rows = []
    for i in range(1, 40):
        ts = f"{(i % 3) + 1:02d}/Jan/2024:23:{i:02d}:00 " + ["+0000", "-0130", "+1400", "+0000"][i % 4]
        rows.append(line.format(i=i % 5, ts=ts, st=[200, 500, 304, 404][i % 4], sz="-" if i % 4 == 2 else i * 10,
                                lat=f"{(i % 7) / 10:.4f}", u=i % 2))
    put("ties_offsets.log", "\n".join(rows) + "\n")
    put("no_trailing_newline.log", "\n".join(rows[:10]))
    put("crlf.log", "\r\n".join(rows[:15]) + "\r\n")
    put("bad_dates.log", "\n".join([
        rows[0], rows[1].replace("Jan", "Foo"), rows[2].replace("/2024:", "/2024:24:").replace(":23:", ":"),
        rows[3].replace("+1400", "+14:00"), rows[4].replace("Jan", "jan"), rows[5].replace(" 23:", " 1:"),
        rows[6].replace("/Jan/", "/Feb/").replace("03/", "30/"), rows[7], ""]) + "\n\n")
    return logs


class Grader:
    def __init__(self):
        # Inputs and the original's copy: root-owned, world-readable (nothing secret in them).
        self.inputs = tempfile.mkdtemp(prefix="hz-inputs-", dir="/tmp")
        os.chmod(self.inputs, 0o755)
        self.orig = os.path.join(self.inputs, "original_logagg.py")
        shutil.copy(os.path.join(HERE, "original_logagg.py"), self.orig)
        os.chmod(self.orig, 0o644)
        self.work = hg.agent_workdir()

    def public(self, path):
        os.chmod(path, 0o644)
        return path

    def original(self, log, timeout):
        r = hg.run_program(["python3", "-I", self.orig, log], timeout_sec=timeout, cwd=self.inputs,
                           user="nobody")
        if r.returncode != 0 or r.timed_out:
            raise hg.GradingError(f"the original failed on {log}: {r.stderr[-2000:]!r}")
        return r

    def agent(self, log, timeout):
        return hg.run_program(["python3", AGENT, log], timeout_sec=timeout, cwd=self.work)


def main():
    details = {}
    g = Grader()
    cases = edge_logs(g.inputs)
    for name, kw in {"small": dict(n_lines=3000, seed=5, n_paths=40, n_ips=30),
                     "sessions_dense": dict(n_lines=8000, seed=6, n_paths=20, n_ips=5, hours=100),
                     "medium_no_offsets": dict(n_lines=15000, seed=7, n_paths=120, n_ips=400, offsets=False,
                                               malformed=0.05)}.items():
        p = os.path.join(g.inputs, name + ".log")
        gen_log.write(p, **kw)
        cases[name] = p
    ok = True
    for name, path in cases.items():
        g.public(path)
        exp = g.original(path, 600)
        got = g.agent(path, 120)
        if got.returncode != 0 or got.timed_out or got.stdout != exp.stdout:
            print(f"FAIL {name}: report differs from the original (exit {got.returncode}, "
                  f"timed out {got.timed_out})")
            ok = False
        else:
            print(f"ok   {name}")
    details["correctness"] = ok
    bench = os.path.join(g.inputs, "bench.log")
    gen_log.write(bench, 40000, 2024, n_paths=150, n_ips=100)
    g.public(bench)
    exp = g.original(bench, 900)
    got = g.agent(bench, max(30.0, 2 * exp.wall_sec))
    if got.returncode != 0 or got.timed_out or got.stdout != exp.stdout:
        print(f"FAIL bench: report differs from the original (exit {got.returncode}, timed out {got.timed_out})")
        ok = False
    speedup = exp.cpu_sec / max(got.cpu_sec, 1e-3)
    mem_ratio = got.max_rss_kb / max(exp.max_rss_kb, 1)
    print(f"bench: original {exp.cpu_sec:.2f}s cpu {exp.max_rss_kb / 1024:.1f} MB, yours {got.cpu_sec:.2f}s cpu "
          f"{got.max_rss_kb / 1024:.1f} MB, speedup {speedup:.1f}x (need {REQUIRED_SPEEDUP}x), "
          f"memory ratio {mem_ratio:.2f} (need <= {MAX_MEMORY_RATIO})")
    details.update(orig_cpu_sec=exp.cpu_sec, agent_cpu_sec=got.cpu_sec, speedup=speedup,
                   orig_max_rss_kb=exp.max_rss_kb, agent_max_rss_kb=got.max_rss_kb)
    if speedup < REQUIRED_SPEEDUP:
        print("FAIL bench: not fast enough")
        ok = False
    if mem_ratio > MAX_MEMORY_RATIO:
        print(f"FAIL bench: peak memory above {MAX_MEMORY_RATIO:.0%} of the original's")
        ok = False
    hg.write_reward(1.0 if ok else 0.0, details=details)
    return 0


if __name__ == "__main__":
    sys.exit(main())
