#!/usr/bin/env python3
"""Verifier for speed-up-image-pipeline.

Builds the original (from /tests) and the agent's program (`make -C /app`), checks byte-identical
output on many small edge-case images and pipelines, then times a hidden benchmark: every case must
use at most 1/5 of the original's CPU time and the whole benchmark at most 1/8."""
import os
import resource
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import images  # noqa: E402

MIN_CASE_SPEEDUP = 5.0
MIN_TOTAL_SPEEDUP = 8.0
TMP = tempfile.mkdtemp()


def run(exe, src, ops, timeout=600):
    out = os.path.join(TMP, "out.pgm")
    if os.path.exists(out):
        os.remove(out)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    try:
        r = subprocess.run([exe, src, out] + ops, capture_output=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None, None
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    if r.returncode != 0 or not os.path.exists(out):
        return None, cpu
    with open(out, "rb") as f:
        return f.read(), cpu


def main():
    orig = os.path.join(TMP, "imgpipe_orig")
    r = subprocess.run(["gcc", "-O2", "-std=c11", "-o", orig, os.path.join(HERE, "original_imgpipe.c")],
                       capture_output=True, text=True)
    if r.returncode:
        sys.exit("verifier broken: original does not compile\n" + r.stderr)
    if not os.path.exists("/app/Makefile"):
        print("FAIL: /app/Makefile missing")
        return 1
    r = subprocess.run(["make", "-C", "/app", "imgpipe"], capture_output=True, text=True, timeout=300)
    agent = "/app/imgpipe"
    if r.returncode or not os.path.exists(agent):
        print("FAIL: `make -C /app imgpipe` failed\n" + r.stdout[-2000:] + r.stderr[-2000:])
        return 1

    # -- correctness -------------------------------------------------------------------------
    small = {
        "1x1": images.constant(1, 1, 77),
        "1x9": images.noise(1, 9, 1),
        "13x1": images.noise(13, 1, 2),
        "5x3": images.noise(5, 3, 3),
        "2x2": images.few_levels(2, 2, 4),
        "33x17_noise": images.noise(33, 17, 5),
        "64x48_natural": images.natural(64, 48, 6),
        "40x70_levels": images.few_levels(40, 70, 7),
        "31x29_const": images.constant(31, 29, 200),
        "const_zero": images.constant(12, 8, 0),
    }
    ops_list = [["blur:0"], ["blur:1"], ["blur:3"], ["blur:20"], ["median:0"], ["median:1"], ["median:2"],
                ["median:7"], ["median:50"], ["dilate:1"], ["dilate:4"], ["erode:2"], ["erode:60"],
                ["dilate:0"], ["boxmean:0"], ["boxmean:1"], ["boxmean:5"], ["boxmean:200"],
                ["unsharp:2:16"], ["unsharp:4:64"], ["unsharp:0:30"], ["unsharp:3:0"], ["equalize"],
                ["rotate"], ["threshold:128"], ["threshold:0"], ["threshold:256"],
                ["rotate", "median:1", "rotate", "blur:2", "equalize"],
                ["erode:1", "dilate:1", "boxmean:2", "unsharp:1:20", "threshold:90", "rotate"],
                ["equalize", "equalize", "median:3", "rotate", "rotate", "rotate"]]
    failures = 0
    for name, img in small.items():
        src = os.path.join(TMP, name + ".pgm")
        images.write_pgm(src, img)
        for ops in ops_list:
            exp, _ = run(orig, src, ops)
            got, _ = run(agent, src, ops, timeout=60)
            if exp != got:
                failures += 1
                if failures <= 8:
                    print(f"  MISMATCH {name}: {' '.join(ops)}")
    medium = os.path.join(TMP, "medium.pgm")
    images.write_pgm(medium, images.natural(257, 131, 8))
    for ops in (["median:9", "blur:7"], ["dilate:11", "erode:5", "boxmean:13"], ["unsharp:12:33", "equalize"]):
        exp, _ = run(orig, medium, ops)
        got, _ = run(agent, medium, ops, timeout=60)
        if exp != got:
            failures += 1
            print(f"  MISMATCH medium: {' '.join(ops)}")
    if failures:
        print(f"FAIL: {failures} outputs differ from the original")
        return 1
    print("ok   all edge-case outputs identical")

    # -- benchmark ---------------------------------------------------------------------------
    b1 = os.path.join(TMP, "b1.pgm")
    b2 = os.path.join(TMP, "b2.pgm")
    images.write_pgm(b1, images.natural(1600, 1200, 11))
    images.write_pgm(b2, images.natural(900, 700, 12))
    cases = [(b1, ["blur:12"]), (b2, ["median:5"]), (b1, ["erode:12", "dilate:12"]), (b1, ["boxmean:16"]),
             (b1, ["unsharp:9:40", "equalize"]), (b1, ["median:2", "blur:4", "dilate:3", "threshold:120"])]
    ok = True
    t_orig_total = t_agent_total = 0.0
    for src, ops in cases:
        exp, to = run(orig, src, ops)
        got, ta = run(agent, src, ops, timeout=max(60, 3 * to))
        if got is None or got != exp:
            print(f"FAIL benchmark {' '.join(ops)}: output differs from the original (or crashed/timed out)")
            return 1
        s = to / max(ta, 1e-3)
        t_orig_total += to
        t_agent_total += ta
        print(f"  {' '.join(ops):40s} original {to:6.2f}s  yours {ta:6.3f}s  speedup {s:7.1f}x")
        if s < MIN_CASE_SPEEDUP:
            print(f"FAIL benchmark {' '.join(ops)}: less than {MIN_CASE_SPEEDUP}x faster")
            ok = False
    total = t_orig_total / max(t_agent_total, 1e-3)
    print(f"  total: original {t_orig_total:.2f}s  yours {t_agent_total:.3f}s  speedup {total:.1f}x")
    if total < MIN_TOTAL_SPEEDUP:
        print(f"FAIL benchmark: total speedup below {MIN_TOTAL_SPEEDUP}x")
        ok = False
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
