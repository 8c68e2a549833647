#!/usr/bin/env python3
"""Verifier for speed-up-image-pipeline.

Builds the agent's program with `make -C /app imgpipe` as the agent, and the original (from /tests)
as root in a root-only folder. Checks byte-identical output on many small edge-case images and
pipelines (the original runs as root, it is ours; the agent's program as the agent, in its own
fresh folder, never seeing an expected output), then times a hidden benchmark from outside
(horizon_grading.run_program: user + system CPU of the whole process tree; the original runs the
same way as `nobody`): every case must use at most 1/5 of the original's CPU time and the whole
benchmark at most 1/8.
"""
import base64
import json
import os
import shutil
import subprocess
import sys
import tempfile

import horizon_grading as hg

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import images  # noqa: E402

MIN_CASE_SPEEDUP = 5.0
MIN_TOTAL_SPEEDUP = 8.0
AGENT = "/app/imgpipe"
MARK = "IMGPIPE-OUTPUTS "
# Run as the agent: runs the agent's program on every case of a JSON list and prints the images it
# wrote (base64; null when it failed). Holds no expected output.
CASES_DRIVER = r"""
import base64, json, os, subprocess, sys
cases = json.load(open(sys.argv[1]))
out = os.path.join(os.getcwd(), "out.pgm")
res = []
for src, ops in cases:
    data = None
    try:
        if os.path.lexists(out):
            os.remove(out)
        r = subprocess.run(["/app/imgpipe", src, out, *ops], stdin=subprocess.DEVNULL,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=60)
        if r.returncode == 0:
            with open(out, "rb") as f:
                data = base64.b64encode(f.read()).decode()
    except Exception:
        pass
    res.append(data)
sys.stdout.write("\n" + MARK + json.dumps(res) + "\n")
""".replace("MARK", repr(MARK))


def main():
    private = tempfile.mkdtemp()  # root-only: the original's build and expected outputs
    public = tempfile.mkdtemp(prefix="hz-inputs-", dir="/tmp")  # inputs and the original's binary
    os.chmod(public, 0o755)
    orig = os.path.join(private, "imgpipe_orig")
    r = subprocess.run(["gcc", "-O2", "-std=c11", "-o", orig, os.path.join(HERE, "original_imgpipe.c")],
                       capture_output=True, text=True)
    if r.returncode:
        raise hg.GradingError("the original does not compile\n" + r.stderr)
    # The original's timed runs happen as `nobody`, from a 0700 folder of nobody's: the copy passes
    # through a public folder before any of the agent's processes runs, and is gone from it after.
    staging = tempfile.mkdtemp(prefix="hz-staging-", dir="/tmp")
    os.chmod(staging, 0o755)
    shutil.copy(orig, os.path.join(staging, "imgpipe_orig"))
    os.chmod(os.path.join(staging, "imgpipe_orig"), 0o755)
    made = hg.run_program(["sh", "-c", 'd=$(mktemp -d /tmp/hz-nobody.XXXXXXXXXX) && cp "$0" "$d/" && echo "$d"',
                           os.path.join(staging, "imgpipe_orig")], timeout_sec=30, cwd="/tmp", user="nobody")
    shutil.rmtree(staging)
    if made.returncode != 0:
        raise hg.GradingError(f"nobody cannot make a folder in /tmp: {made.stderr!r}")
    orig_work = made.stdout.decode().strip()  # 0700 nobody: the original and its outputs
    orig_pub = os.path.join(orig_work, "imgpipe_orig")
    work = hg.agent_workdir()
    details = {}

    def fail(msg, **more):
        print("FAIL: " + msg)
        details.update(more, failure=msg)
        hg.write_reward(0.0, details=details)
        return 0

    b = hg.run_program(["make", "-C", "/app", "imgpipe"], timeout_sec=300, cwd=work)
    if b.returncode != 0 or b.timed_out:
        print((b.stdout[-2000:] + b.stderr[-2000:]).decode(errors="replace"))
        return fail("`make -C /app imgpipe` failed")

    def expected(src, ops):
        out = os.path.join(private, "exp.pgm")
        if os.path.exists(out):
            os.remove(out)
        r = subprocess.run([orig, src, out] + ops, capture_output=True, timeout=600)
        if r.returncode != 0 or not os.path.exists(out):
            return None  # the original rejects this input: the agent's program must fail too
        with open(out, "rb") as f:
            return f.read()

    def put(name, img):
        p = os.path.join(public, name + ".pgm")
        images.write_pgm(p, img)
        os.chmod(p, 0o644)
        return p

    def agent_outputs(cases):
        """The agent's output image per case (None where it failed), from one driver run."""
        listing = os.path.join(public, "cases.json")
        with open(listing, "w") as f:
            json.dump(cases, f)
        os.chmod(listing, 0o644)
        r = hg.run_program(["python3", "-I", "-", listing], stdin=CASES_DRIVER, timeout_sec=1200, cwd=work)
        for line in reversed(r.stdout.decode("utf-8", "replace").splitlines()):
            if line.startswith(MARK):
                try:
                    got = json.loads(line[len(MARK):])
                except ValueError:
                    break
                if isinstance(got, list) and len(got) == len(cases):
                    return [base64.b64decode(g) if isinstance(g, str) else None for g in got]
                break
        print("the case runner printed no usable result: " + r.stderr.decode("utf-8", "replace")[-2000:])
        return ["no result"] * len(cases)

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
    cases = [(put(name, img), ops) for name, img in small.items() for ops in ops_list]
    medium = put("medium", images.natural(257, 131, 8))
    cases += [(medium, ops) for ops in (["median:9", "blur:7"], ["dilate:11", "erode:5", "boxmean:13"],
                                        ["unsharp:12:33", "equalize"])]
    failures = 0
    for (src, ops), got in zip(cases, agent_outputs(cases)):
        if got != expected(src, ops):
            failures += 1
            if failures <= 8:
                print(f"  MISMATCH {os.path.basename(src)}: {' '.join(ops)}")
    details["correctness_failures"] = failures
    if failures:
        return fail(f"{failures} of {len(cases)} outputs differ from the original")
    print(f"ok   all {len(cases)} edge-case outputs identical")

    # -- benchmark ---------------------------------------------------------------------------
    b1 = put("b1", images.natural(1600, 1200, 11))
    b2 = put("b2", images.natural(900, 700, 12))
    bench = [(b1, ["blur:12"]), (b2, ["median:5"]), (b1, ["erode:12", "dilate:12"]), (b1, ["boxmean:16"]),
             (b1, ["unsharp:9:40", "equalize"]), (b1, ["median:2", "blur:4", "dilate:3", "threshold:120"])]
    ok = True
    t_orig_total = t_agent_total = 0.0
    speedups = []
    for src, ops in bench:
        exp = expected(src, ops)
        if exp is None:
            raise hg.GradingError(f"the original failed on benchmark {ops}")
        ro = hg.run_program([orig_pub, src, os.path.join(orig_work, "out.pgm"), *ops], timeout_sec=900,
                            cwd=orig_work, user="nobody")
        if ro.returncode != 0 or ro.timed_out:
            raise hg.GradingError(f"the original failed as nobody on {ops}: {ro.stderr!r}")
        out = os.path.join(work, "out.pgm")
        hg.run_program(["rm", "-f", out], timeout_sec=30, cwd=work)
        ra = hg.run_program([AGENT, src, out, *ops], timeout_sec=max(60, 3 * ro.wall_sec), cwd=work)
        got = hg.read_output(out) if ra.returncode == 0 and not ra.timed_out else None
        if got != exp:
            return fail(f"benchmark {' '.join(ops)}: output differs from the original (or crashed/timed out)")
        to, ta = ro.cpu_sec, ra.cpu_sec
        s = to / max(ta, 1e-3)
        speedups.append(s)
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
    details.update(case_speedups=speedups, total_speedup=total, orig_cpu_sec=t_orig_total,
                   agent_cpu_sec=t_agent_total)
    hg.write_reward(1.0 if ok else 0.0, details=details)
    return 0


if __name__ == "__main__":
    sys.exit(main())
