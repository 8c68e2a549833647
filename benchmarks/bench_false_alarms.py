"""Benchmark: how often `horizon compare` cries wolf (issue 16).

Splits one model's METR runs (``../shared/metr/th11_subset_runs.jsonl``, GPT-5.4 by default)
into two random halves per task, ``--splits`` times, and compares the halves with the gate's
default rule (tolerance 0.1, 95% paired CI). Both sides are the same agent, so every
``regressed`` is a false alarm; a one-sided 95% rule should raise about 2.5% of them (the
test suite fails above 5%). Prints the rate.

    .venv/bin/python benchmarks/bench_false_alarms.py [--splits 200] [--bootstrap 1000]
"""

import argparse
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from harness.horizon import HorizonParams  # noqa: E402
from harness.power import false_alarm_rate  # noqa: E402
from harness.runs import read_runs  # noqa: E402

TH11 = REPO.parent / "shared" / "metr" / "th11_subset_runs.jsonl"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--alias", default="GPT-5.4")
    parser.add_argument("--splits", type=int, default=200)
    parser.add_argument("--bootstrap", type=int, default=1000)
    parser.add_argument("--tolerance", type=float, default=0.1)
    args = parser.parse_args()
    started = time.perf_counter()
    params = HorizonParams(n_bootstrap=args.bootstrap)
    rate = false_alarm_rate(read_runs([TH11]), args.alias, args.splits, params, args.tolerance)
    print(
        f"{args.alias}: {rate:.1%} of {args.splits} half-splits flagged `regressed` "
        f"({args.bootstrap} paired draws, tolerance {args.tolerance}; expected ~2.5%, "
        f"limit 5%) in {time.perf_counter() - started:.0f} s"
    )
    return 0 if rate <= 0.05 else 1


if __name__ == "__main__":
    sys.exit(main())
