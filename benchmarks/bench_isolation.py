"""Per-sample cost of the verifier-integrity walls: `horizon run` of the smoke suite with the
oracle, on an older revision of horizon (before the walls) and on this checkout.

The older revision runs from a temporary git worktree with this venv (``PYTHONPATH`` points at
the worktree, so its own ``harness`` package, tasks and base image are used). Each side first
runs once to build its images, then ``--repeats`` timed runs of the whole command; the script
prints the median seconds per sample of each and their ratio.

    .venv/bin/python benchmarks/bench_isolation.py --before 55c4377
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def run_smoke(root: Path, log_dir: Path, epochs: int) -> float:
    """Wall seconds of one `horizon run --suite smoke --agent oracle` from ``root``'s code."""
    env = {**os.environ, "PYTHONPATH": str(root)}
    command = [sys.executable, "-m", "harness.cli._main", "run", "--suite", "smoke"]
    command += ["--agent", "oracle", "--epochs", str(epochs), "--log-dir", str(log_dir)]
    command += ["--display", "none"]
    if "--unchecked" in (root / "harness" / "cli" / "run.py").read_text():
        command += ["--unchecked"]  # the cost of the run path is measured, not the tasks
    started = time.monotonic()
    done = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True)
    elapsed = time.monotonic() - started
    if done.returncode != 0:
        raise SystemExit(f"{root}: horizon run failed:\n{done.stdout[-2000:]}{done.stderr[-2000:]}")
    return elapsed


def setup(root: Path) -> None:
    """Build the base images of ``root``'s revision (nothing when they exist)."""
    env = {**os.environ, "PYTHONPATH": str(root)}
    command = [sys.executable, "-m", "harness.cli._main", "setup"]
    subprocess.run(command, cwd=root, env=env, check=True, capture_output=True)


def per_sample(root: Path, n_samples: int, epochs: int, repeats: int) -> float:
    """Median seconds per sample over ``repeats`` fresh runs (after a warm-up run)."""
    setup(root)
    with tempfile.TemporaryDirectory() as tmp:
        run_smoke(root, Path(tmp) / "warm-up", epochs)
        times = [run_smoke(root, Path(tmp) / f"run-{i}", epochs) for i in range(repeats)]
    return statistics.median(times) / n_samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--before", required=True, help="git revision without the walls")
    parser.add_argument("--epochs", type=int, default=4)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    n_tasks = len(list((REPO / "tasks" / "smoke").glob("*/task.toml")))
    n_samples = n_tasks * args.epochs
    with tempfile.TemporaryDirectory() as tmp:
        before = Path(tmp) / "before"
        subprocess.run(
            ["git", "-C", str(REPO), "worktree", "add", "--detach", str(before), args.before],
            check=True,
            capture_output=True,
        )
        try:
            old = per_sample(before, n_samples, args.epochs, args.repeats)
        finally:
            subprocess.run(["git", "-C", str(REPO), "worktree", "remove", "--force", str(before)])
    new = per_sample(REPO, n_samples, args.epochs, args.repeats)
    print(f"smoke suite, oracle, {n_samples} samples per run, median of {args.repeats} runs")
    print(f"before ({args.before}): {old:.2f} s per sample")
    print(f"after  (this checkout): {new:.2f} s per sample")
    print(f"ratio after/before: {new / old:.2f}x  (added {new - old:+.2f} s per sample)")


if __name__ == "__main__":
    main()
