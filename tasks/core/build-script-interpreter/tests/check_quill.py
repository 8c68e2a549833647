"""Hidden verifier for build-script-interpreter: runs /app/quill on every test
program and compares stdout, stderr and the exit code exactly."""
import json
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
APP = os.environ.get("APP_QUILL", "/app/quill")


def main():
    if not os.access(APP, os.X_OK):
        print("FAIL: %s is missing or not executable" % APP)
        return 1
    with open(os.path.join(HERE, "expected.json")) as f:
        expected = json.load(f)
    bad = 0
    t0 = time.time()
    for rel, exp in sorted(expected.items()):
        if time.time() - t0 > 200:
            print("FAIL: time budget of 200 s for all programs exhausted")
            return 1
        path = os.path.join(HERE, rel)
        try:
            p = subprocess.run([APP, path], capture_output=True, timeout=10, cwd="/tmp")
            got = {"stdout": p.stdout.decode("utf-8", "replace"), "stderr": p.stderr.decode("utf-8", "replace"),
                   "code": p.returncode}
        except subprocess.TimeoutExpired:
            got = {"stdout": "", "stderr": "<timeout>", "code": None}
        if got != exp:
            bad += 1
            if bad <= 12:
                print("MISMATCH in", rel)
                for key in ("code", "stdout", "stderr"):
                    if got[key] != exp[key]:
                        print("  %s expected %r\n  %s got      %r" % (key, str(exp[key])[:300], key, str(got[key])[:300]))
    print("%d/%d programs correct (%.1f s)" % (len(expected) - bad, len(expected), time.time() - t0))
    return 0 if bad == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
