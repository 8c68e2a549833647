#!/usr/bin/env python3
"""Verifier: /app/logagg.py must print byte-identical reports to the original on hidden logs, and on
the hidden benchmark log use at most 1/15 of the original's CPU time and at most half of its peak
memory (max RSS)."""
import os
import resource
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import gen_log  # noqa: E402

ORIG = os.path.join(HERE, "original_logagg.py")
AGENT = "/app/logagg.py"
REQUIRED_SPEEDUP = 15.0
MAX_MEMORY_RATIO = 0.5


def run(script, log, timeout):
    """Returns (exit code, stdout, CPU seconds, peak RSS in KB) of one run in a fresh process."""
    wrapper = ("import resource, subprocess, sys, json\n"
               "r = subprocess.run([sys.executable] + sys.argv[1:], capture_output=True)\n"
               "u = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
               "sys.stderr.write(json.dumps([r.returncode, u.ru_utime + u.ru_stime, u.ru_maxrss]))\n"
               "sys.stdout.buffer.write(r.stdout)\n")
    r = subprocess.run([sys.executable, "-c", wrapper, script, log], capture_output=True, timeout=timeout)
    import json
    rc, cpu, rss = json.loads(r.stderr.decode().strip().splitlines()[-1])
    return rc, r.stdout, cpu, rss


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


def main():
    if not os.path.exists(AGENT):
        print("FAIL: /app/logagg.py missing")
        return 1
    root = tempfile.mkdtemp()
    cases = edge_logs(root)
    for name, kw in {"small": dict(n_lines=3000, seed=5, n_paths=40, n_ips=30),
                     "sessions_dense": dict(n_lines=8000, seed=6, n_paths=20, n_ips=5, hours=100),
                     "medium_no_offsets": dict(n_lines=15000, seed=7, n_paths=120, n_ips=400, offsets=False,
                                               malformed=0.05)}.items():
        p = os.path.join(root, name + ".log")
        gen_log.write(p, **kw)
        cases[name] = p
    ok = True
    for name, path in cases.items():
        _, exp, _, _ = run(ORIG, path, 600)
        rc, got, _, _ = run(AGENT, path, 600)
        if rc != 0 or got != exp:
            print(f"FAIL {name}: report differs from the original (exit {rc})")
            ok = False
        else:
            print(f"ok   {name}")
    bench = os.path.join(root, "bench.log")
    gen_log.write(bench, 40000, 2024, n_paths=150, n_ips=100)
    _, exp, t_orig, m_orig = run(ORIG, bench, 900)
    try:
        rc, got, t_agent, m_agent = run(AGENT, bench, max(20.0, 2 * t_orig))
    except subprocess.TimeoutExpired:
        print("FAIL bench: timed out")
        return 1
    if rc != 0 or got != exp:
        print(f"FAIL bench: report differs from the original (exit {rc})")
        return 1
    speedup = t_orig / max(t_agent, 1e-3)
    print(f"bench: original {t_orig:.2f}s cpu {m_orig / 1024:.1f} MB, yours {t_agent:.2f}s cpu "
          f"{m_agent / 1024:.1f} MB, speedup {speedup:.1f}x (need {REQUIRED_SPEEDUP}x)")
    if speedup < REQUIRED_SPEEDUP:
        print("FAIL bench: not fast enough")
        ok = False
    if m_agent > MAX_MEMORY_RATIO * m_orig:
        print(f"FAIL bench: peak memory above {MAX_MEMORY_RATIO:.0%} of the original's")
        ok = False
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
