"""Benchmark: how fast the ``horizon`` CLI starts (issue 9: under 1 s on an idle machine).

Times, as a user sees them (a fresh process each time, wall clock), the median of 5 runs of:

1. ``horizon --help``;
2. ``horizon compare --help`` (a CI job's first call; the comparison itself is a bootstrap
   and is not a start-up cost).

Prints each median and its ratio to the 1 s target; exits 1 when one is over the target.

    .venv/bin/python benchmarks/bench_cli.py [--repeat 5]
"""

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

TARGET_SEC = 1.0
REPO = Path(__file__).resolve().parents[1]
RUNS = REPO / "tests" / "data" / "runs" / "small.jsonl"


def horizon_executable() -> str:
    """The ``horizon`` script next to this interpreter (the venv's), else the one on PATH."""
    beside = Path(sys.executable).with_name("horizon")
    found = str(beside) if beside.is_file() else shutil.which("horizon")
    if found is None:
        raise SystemExit("horizon is not installed: run `pip install -e .` first")
    return found


def wall_times(cmd: list[str], repeat: int, ok_codes: tuple[int, ...] = (0,)) -> list[float]:
    """Wall time of ``repeat`` runs of ``cmd``, each in a fresh process."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        done = subprocess.run(cmd, capture_output=True, text=True, check=False)
        times.append(time.perf_counter() - started)
        if done.returncode not in ok_codes:
            raise SystemExit(f"{' '.join(cmd)} exited {done.returncode}:\n{done.stderr}")
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="Runs per command (median).")
    repeat = parser.parse_args().repeat
    horizon = horizon_executable()
    cases = {
        "horizon --help": [horizon, "--help"],
        "horizon compare --help": [horizon, "compare", "--help"],
    }
    worst = 0.0
    print(f"{'command':<24} {'median':>8} {'min':>8} {'max':>8}  vs {TARGET_SEC:g} s target")
    for name, cmd in cases.items():
        times = wall_times(cmd, repeat)
        median = statistics.median(times)
        worst = max(worst, median / TARGET_SEC)
        print(
            f"{name:<24} {median:>7.3f}s {min(times):>7.3f}s {max(times):>7.3f}s  "
            f"{median / TARGET_SEC:.2f}x"
        )
    return 0 if worst <= 1.0 else 1


if __name__ == "__main__":
    sys.exit(main())
