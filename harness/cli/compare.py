"""`horizon compare`: exit 1 when a candidate's time horizon regressed (a CI gate).

Imports only click, json and the light ``harness.compare``/``harness.report`` (pydantic): no
numpy, pandas or Inspect, so the command starts fast.
"""

import json
import math
import sys
from pathlib import Path

import click

from harness.compare import Comparison, Interval, compare_leaderboards
from harness.errors import ExitCode
from harness.report import read_leaderboard

COMPARE_SCHEMA_VERSION = 1
"""Version of the ``--json`` output; bumped when a key changes meaning or disappears."""


def _number(value: float) -> float | None:
    """JSON has no inf: an unbounded end is ``null``."""
    return value if math.isfinite(value) else None


def _triple(interval: Interval) -> list[float | None]:
    return [_number(interval.estimate), _number(interval.low), _number(interval.high)]


def _as_json(results: list[Comparison], max_drop: float) -> str:
    return json.dumps(
        {
            "schema_version": COMPARE_SCHEMA_VERSION,
            "max_drop": max_drop,
            "comparisons": [
                {
                    "baseline_alias": r.baseline_alias,
                    "candidate_alias": r.candidate_alias,
                    "baseline_p50": _triple(r.baseline),
                    "candidate_p50": _triple(r.candidate),
                    "regressed": r.regressed,
                }
                for r in results
            ],
        },
        indent=2,
        allow_nan=False,
    )


@click.command(epilog="Exit codes: 0 no regression; 1 regression; 2 bad input.")
@click.argument("baseline", type=click.Path(exists=True, path_type=Path))
@click.argument("candidate", type=click.Path(exists=True, path_type=Path))
@click.option(
    "--max-drop",
    type=click.FloatRange(0, 1),
    default=0.0,
    show_default=True,
    help="Share of the baseline's p50 the candidate may lose before it counts.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the comparison as JSON.")
def compare(baseline: Path, candidate: Path, max_drop: float, as_json: bool) -> None:
    """Compare two leaderboards; exit 1 when the candidate regressed.

    BASELINE and CANDIDATE are leaderboard.json files or `horizon report --out` folders.
    Regression: the candidate's whole p50 CI lies below the baseline's p50 estimate times
    (1 - max-drop). Aliases present in both are compared; two single-model reports are
    compared with each other.

    \b
    Example:
      horizon compare results/reports/release-1 results/reports/release-2 --max-drop 0.1
    """
    results = compare_leaderboards(
        read_leaderboard(baseline), read_leaderboard(candidate), max_drop=max_drop
    )
    if as_json:
        click.echo(_as_json(results, max_drop))
    else:
        for r in results:
            verdict = "REGRESSED" if r.regressed else "ok"
            click.echo(
                f"{r.candidate_alias}: p50 {r.candidate.estimate:.3g} min "
                f"[{r.candidate.low:.3g}, {r.candidate.high:.3g}] vs baseline "
                f"{r.baseline_alias} {r.baseline.estimate:.3g} min: {verdict}"
            )
    sys.exit(ExitCode.FAILED if any(r.regressed for r in results) else ExitCode.OK)
