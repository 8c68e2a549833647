"""Benchmark: `horizon report`'s peak memory is flat in the number of bootstrap draws.

Runs the whole command, a fresh process each time, on METR's run-level file
(``../shared/metr/all_runs.jsonl``, 10 agents, 83 tasks) with its release dates (so the
trend, its per-draw SOTA sets and the start-date table are computed too) at each
``--draws`` value, and prints the process's peak resident memory (``ru_maxrss``), wall time,
and the ratio of each peak to the first. Goal (issue 13): at most 1.5x from 1k to 100k draws.
The draws are streamed in chunks and only the CI tails are kept (``harness.horizon._summary``).

    .venv/bin/python benchmarks/bench_report_memory.py [--draws 1000 100000]

Exits 1 when a ratio is over the goal.
"""

import argparse
import subprocess
import sys
import time
from pathlib import Path

GOAL = 1.5
REPO = Path(__file__).resolve().parents[1]
METR = REPO.parent / "shared" / "metr"


def peak_rss_mb(draws: int) -> tuple[float, float]:
    """(peak RSS in MiB, wall seconds) of one `horizon report` with ``draws`` draws."""
    command = [
        sys.executable,
        "-m",
        "harness.cli._main",
        "report",
        str(METR / "all_runs.jsonl"),
        "--exclude-alias",
        "human",
        "--release-dates",
        str(METR / "release_dates_19b0311.yaml"),
        "--bootstrap",
        str(draws),
        "--json",
    ]
    # Each measurement in its own child of a fresh helper process: RUSAGE_CHILDREN keeps the
    # largest child's peak, so one process per size keeps the sizes apart.
    probe = (
        "import resource, subprocess, sys\n"
        "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL, "
        "stderr=subprocess.DEVNULL)\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    )
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", probe, *command], capture_output=True, text=True, check=True
    )
    return int(done.stdout.strip()) / 1024, time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--draws", type=int, nargs="+", default=[1000, 100_000])
    args = parser.parse_args()
    if not (METR / "all_runs.jsonl").is_file():
        raise SystemExit(f"{METR / 'all_runs.jsonl'} not found: the benchmark needs ../shared")
    results = [(draws, *peak_rss_mb(draws)) for draws in args.draws]
    first = results[0][1]
    print("draws      peak RSS (MiB)  wall (s)  ratio to first")
    worst = 1.0
    for draws, rss, wall in results:
        worst = max(worst, rss / first)
        print(f"{draws:>7,}  {rss:14.1f}  {wall:8.1f}  {rss / first:14.2f}")
    print(f"goal: at most {GOAL}x from {args.draws[0]:,} to {args.draws[-1]:,} draws")
    if worst > GOAL:
        print("FAIL")
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
