"""Load and cost: many samples through `horizon run`, against plain `docker run` of the same work.

Runs the smoke suite with the oracle at the default concurrency, ``--samples`` samples (and
``--compare-at`` samples, to see that memory stays flat), and prints:

- whether every sample completed, and how many of horizon's containers were left (must be 0);
- the peak resident memory of the `horizon run` process (polled from /proc), at both sizes;
- seconds per sample of `horizon run`, and of plain `docker run --rm` of the same images doing
  the same work (the reference solution as the agent user, then the verifier as root) at the
  same concurrency, and their ratio (goal: at most 3x).

    .venv/bin/python benchmarks/bench_load.py --samples 200 --compare-at 50
"""

import argparse
import concurrent.futures
import math
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from harness.run import default_max_sandboxes  # noqa: E402
from harness.sandbox import horizon_containers, task_image_tag  # noqa: E402
from harness.scoring import grading_helpers  # noqa: E402
from harness.suite import load_suite  # noqa: E402

PLAIN_SCRIPT = """
set -e
cp -r /mnt/solution /solution && cp -r /mnt/tests /tests && chown -R agent /app
su agent -s /bin/bash -c 'cd /app && bash /solution/solve.sh' >/dev/null
mkdir -p /logs/verifier && cd /tests && bash /tests/test.sh >/dev/null
cat /logs/verifier/reward.txt
"""


def peak_rss_mb(pid: int, stop: threading.Event, peak: list[float]) -> None:
    """Poll ``pid``'s VmRSS every 0.2 s into ``peak[0]`` until ``stop``."""
    while not stop.wait(0.2):
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            return
        for line in status.splitlines():
            if line.startswith("VmRSS:"):
                peak[0] = max(peak[0], int(line.split()[1]) / 1024)


def horizon_run(epochs: int, log_dir: Path) -> tuple[float, float, int]:
    """``(wall seconds, peak RSS MB, exit code)`` of one `horizon run`."""
    command = [sys.executable, "-m", "harness.cli._main", "run", "--suite", "smoke"]
    command += ["--agent", "oracle", "--epochs", str(epochs), "--log-dir", str(log_dir)]
    command += ["--display", "none"]
    command += ["--unchecked"]  # the cost of the run path is measured, not the tasks
    started = time.monotonic()
    process = subprocess.Popen(command, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    stop, peak = threading.Event(), [0.0]
    watcher = threading.Thread(target=peak_rss_mb, args=(process.pid, stop, peak))
    watcher.start()
    _, stderr = process.communicate()
    stop.set()
    watcher.join()
    if process.returncode != 0:
        sys.stderr.write(stderr.decode()[-2000:])
    return time.monotonic() - started, peak[0], process.returncode


def plain_docker(epochs: int, concurrency: int) -> float:
    """Wall seconds of the same samples as plain `docker run --rm`, ``concurrency`` at once."""
    tasks = load_suite("smoke").tasks
    with tempfile.TemporaryDirectory() as tmp:
        jobs = []
        for spec in tasks:
            tests = Path(tmp) / spec.id
            shutil.copytree(spec.tests_dir, tests)
            for name, data in grading_helpers().items():
                (tests / name).write_bytes(data)
            argv = ["docker", "run", "--rm", "--network", "none", "--init"]
            argv += ["-v", f"{spec.solution_dir}:/mnt/solution:ro", "-v", f"{tests}:/mnt/tests:ro"]
            argv += ["-e", "PYTHONPATH=/tests", task_image_tag(spec), "bash", "-c", PLAIN_SCRIPT]
            jobs += [argv] * epochs
        started = time.monotonic()
        with concurrent.futures.ThreadPoolExecutor(concurrency) as pool:
            outputs = list(pool.map(lambda a: subprocess.run(a, capture_output=True), jobs))
        elapsed = time.monotonic() - started
    failed = [o for o in outputs if o.returncode != 0 or o.stdout.strip() not in (b"1", b"1.0")]
    if failed:
        print(f"plain docker: {len(failed)} of {len(jobs)} samples did not score 1")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--samples", type=int, default=200)
    parser.add_argument("--compare-at", type=int, default=50)
    args = parser.parse_args()
    n_tasks = len(load_suite("smoke").tasks)
    concurrency = default_max_sandboxes()
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        horizon_run(1, Path(tmp) / "warm-up")  # builds the images
        for n in (args.compare_at, args.samples):
            epochs = math.ceil(n / n_tasks)
            log_dir = Path(tmp) / f"run-{n}"
            wall, rss, code = horizon_run(epochs, log_dir)
            leaked = len(horizon_containers(log_dir))
            results[n] = (epochs * n_tasks, wall, rss, code, leaked)
        plain = plain_docker(math.ceil(args.samples / n_tasks), concurrency)
    print(f"smoke suite, oracle, concurrency {concurrency} (default), {os.cpu_count()} cores")
    for samples, wall, rss, code, leaked in results.values():
        print(
            f"{samples} samples: exit {code} ({'all completed' if code == 0 else 'INCOMPLETE'}), "
            f"{wall:.0f} s, {wall / samples:.2f} s/sample, peak RSS {rss:.0f} MB, "
            f"leaked containers {leaked}"
        )
    small, large = results[args.compare_at], results[args.samples]
    print(f"memory: peak RSS at {large[0]} vs {small[0]} samples: {large[2] / small[2]:.2f}x")
    per_plain = plain / large[0]
    print(f"plain docker run: {per_plain:.2f} s/sample")
    ratio = (large[1] / large[0]) / per_plain
    print(f"cost ratio horizon/plain: {ratio:.2f}x ({'ok' if ratio <= 3 else 'FAIL'} vs goal 3x)")


if __name__ == "__main__":
    main()
