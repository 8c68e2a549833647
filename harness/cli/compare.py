"""`horizon compare`: exit 1 when a candidate's time horizon measurably regressed (or may hide it).

Light at import (``harness.compare`` loads numpy and pandas only to compute). The contract a
CI job relies on: 0 no alias regressed (improved or no change), 1 at least one regressed or
has selectively more infra errors than its baseline, 2 any input problem (unreadable file, a
leaderboard without its runs, no alias or no task in common).
The statistics are ``harness.compare``'s.
"""

import json
import math
import sys
from html import escape
from pathlib import Path

import click

from harness.compare import AliasComparison, Verdict, alias_pairs, compare_pair
from harness.errors import ExitCode, InputError

COMPARE_SCHEMA_VERSION = 3
"""Version of the ``--json`` output; bumped when a key changes meaning or disappears, or a
verdict is added (3: ``selective_infra_errors`` and the infra-error counts)."""

EXPORTED_RUNS = ("runs.parquet", "runs.jsonl")
"""Runs files a report folder may hold beside its ``leaderboard.json`` (``runs.parquet`` is
``harness.runs.RUNS_PARQUET``, spelt out here: importing it would load pandas for --help)."""


def _runs_of(path: Path, side: str) -> Path:
    """The runs behind ``path``: itself, or the runs file beside a report's leaderboard."""
    from harness.report import LEADERBOARD_JSON  # its pydantic models cost --help 0.2 s

    if path.is_file() and path.name == LEADERBOARD_JSON:
        path = path.parent
    if path.is_dir() and (path / LEADERBOARD_JSON).is_file():
        for name in EXPORTED_RUNS:
            if (path / name).is_file():
                return path / name
        raise InputError(
            f"{path}: a leaderboard alone has no runs to resample ({side}). Pass the runs it "
            f"was made from (the log folder or runs file), or a report folder holding "
            f"{' or '.join(EXPORTED_RUNS)}."
        )
    return path


def _number(value: float) -> float | None:
    """JSON has no inf or NaN: ``null``."""
    return value if math.isfinite(value) else None


def as_json(results: list[AliasComparison], tolerance: float, confidence: float) -> str:
    """The comparisons as the ``--json`` document."""
    return json.dumps(
        {
            "schema_version": COMPARE_SCHEMA_VERSION,
            "tolerance": tolerance,
            "confidence": confidence,
            "comparisons": [
                {
                    "alias": r.candidate_alias,
                    "baseline_alias": r.baseline_alias,
                    "n_tasks": r.n_tasks,
                    "baseline_p50": _number(r.baseline_p50),
                    "candidate_p50": _number(r.candidate_p50),
                    "ratio": _number(r.ratio),
                    "ratio_ci": [_number(r.ratio_ci[0]), _number(r.ratio_ci[1])],
                    "p_candidate_longer": _number(r.p_candidate_longer),
                    "success_change": _number(r.success_change),
                    "verdict": r.verdict.value,
                    "flipped_to_fail": list(r.flipped_to_fail),
                    "flipped_to_pass": list(r.flipped_to_pass),
                    "baseline_infra_errors": list(r.baseline_infra_errors),
                    "candidate_infra_errors": list(r.candidate_infra_errors),
                }
                for r in results
            ],
        },
        indent=2,
        allow_nan=False,
    )


def as_junit(results: list[AliasComparison]) -> str:
    """JUnit XML: one test case per alias, failed when its verdict fails the gate."""
    cases = []
    for r in results:
        name = _attribute(r.candidate_alias)
        body = ""
        if r.verdict.fails_gate:
            message = _attribute(
                f"{r.verdict.value}: p50 ratio {_ratio(r.ratio)} {_ci(r.ratio_ci)}"
            )
            body = f"<failure message={message}>{escape(summary_line(r))}</failure>"
        cases.append(f'  <testcase classname="horizon.compare" name={name}>{body}</testcase>')
    failures = sum(r.verdict.fails_gate for r in results)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<testsuite name="horizon compare" tests="{len(results)}" failures="{failures}">\n'
        + "\n".join(cases)
        + "\n</testsuite>\n"
    )


def _attribute(text: str) -> str:
    """An XML attribute value, quoted and escaped."""
    return f'"{escape(text, quote=True)}"'


def _ratio(value: float) -> str:
    return "inf" if math.isinf(value) else "n/a" if math.isnan(value) else f"{value:.3g}"


def _ci(ci: tuple[float, float]) -> str:
    return f"[{_ratio(ci[0])}, {_ratio(ci[1])}]"


def _infra(counts: tuple[int, int]) -> str:
    return f"{counts[0]}/{counts[1]}"


def summary_line(r: AliasComparison) -> str:
    """One comparison in a sentence."""
    return (
        f"{r.candidate_alias} vs {r.baseline_alias}: p50 {r.candidate_p50:.3g} vs "
        f"{r.baseline_p50:.3g} min, ratio {_ratio(r.ratio)} {_ci(r.ratio_ci)}, infra errors "
        f"{_infra(r.candidate_infra_errors)} vs {_infra(r.baseline_infra_errors)}, "
        f"{r.verdict.value}"
    )


HEADLINES = {
    Verdict.REGRESSED: "**Regression** in {aliases}",
    Verdict.SELECTIVE_INFRA_ERRORS: "**Selective infra errors** in {aliases} (errored runs are "
    "not in the ratio, so it may hide a regression: rerun them)",
}
"""The Markdown summary's headline for each verdict that fails the gate."""


def as_markdown(results: list[AliasComparison], tolerance: float, confidence: float) -> str:
    """A summary for a pull-request comment."""
    headlines = []
    for verdict, what in HEADLINES.items():
        aliases = [r.candidate_alias for r in results if r.verdict is verdict]
        if aliases:
            headlines.append(what.format(aliases=", ".join(aliases)))
    headline = "; ".join(headlines) or "**No regression**"
    lines = [
        "## horizon compare",
        "",
        f"{headline}. Verdict rule: regressed when the p50 ratio's {confidence:.0%} CI lies "
        f"below 1 and the ratio below {1 - tolerance:.3g} (paired bootstrap over the tasks "
        "both ran).",
        "",
        "| Candidate | Baseline | Tasks | p50 (min) | Baseline p50 (min) | Ratio | "
        f"{confidence:.0%} CI | P(longer) | Success change | Flipped to fail | Flipped to pass "
        "| Infra errors | Baseline infra errors | Verdict |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        cells = [
            r.candidate_alias,
            r.baseline_alias,
            str(r.n_tasks),
            f"{r.candidate_p50:.3g}",
            f"{r.baseline_p50:.3g}",
            _ratio(r.ratio),
            _ci(r.ratio_ci),
            f"{r.p_candidate_longer:.3f}",
            f"{r.success_change:+.3f}",
            str(len(r.flipped_to_fail)),
            str(len(r.flipped_to_pass)),
            _infra(r.candidate_infra_errors),
            _infra(r.baseline_infra_errors),
            f"**{r.verdict.value}**",
        ]
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    for r in results:
        if r.flipped_to_fail:
            lines += ["", f"{r.candidate_alias}, flipped to fail: {', '.join(r.flipped_to_fail)}"]
    return "\n".join(lines) + "\n"


@click.command(
    epilog="Exit codes: 0 no alias regressed; 1 an alias regressed, or its runs ended in infra "
    "errors significantly more often than the baseline's (selective_infra_errors); 2 bad input "
    "(nothing was compared)."
)
@click.argument("baseline", type=click.Path(exists=True, path_type=Path))
@click.argument("candidate", type=click.Path(exists=True, path_type=Path))
@click.option("--baseline-alias", default=None, help="The baseline's alias to compare.")
@click.option("--candidate-alias", default=None, help="The candidate's alias to compare.")
@click.option(
    "--tolerance",
    type=click.FloatRange(0, 1, max_open=True),
    default=0.1,
    show_default=True,
    help="Smallest change that counts: a regression needs a ratio below 1 - tolerance.",
)
@click.option(
    "--confidence",
    type=click.FloatRange(0, 1, min_open=True, max_open=True),
    default=0.95,
    show_default=True,
    help="Level of the ratio's CI.",
)
@click.option(
    "--bootstrap",
    "n_bootstrap",
    type=click.IntRange(min=1),
    default=1000,
    show_default=True,
    help="Paired bootstrap draws.",
)
@click.option("--seed", type=click.IntRange(min=0), default=0, show_default=True)
@click.option(
    "--json",
    "json_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write the comparisons as JSON to this file ('-' for stdout).",
)
@click.option(
    "--junit",
    "junit_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write JUnit XML (one test case per alias) to this file.",
)
def compare(
    baseline: Path,
    candidate: Path,
    baseline_alias: str | None,
    candidate_alias: str | None,
    tolerance: float,
    confidence: float,
    n_bootstrap: int,
    seed: int,
    json_file: Path | None,
    junit_file: Path | None,
) -> None:
    """Compare a candidate's time horizon with a baseline's; exit 1 if it regressed.

    BASELINE and CANDIDATE are anything `horizon report` reads (Inspect log folders, METR
    runs files), or a report folder holding its runs. For each alias in both (or the pair
    named with --baseline-alias/--candidate-alias): the candidate/baseline p50 ratio with a
    CI from a paired bootstrap over the tasks both ran, the change in weighted success, and
    the tasks that flipped. Verdict: regressed when the ratio's CI lies below 1 and the ratio
    below 1 - tolerance; improved symmetrically; else no_change. A candidate whose runs ended
    in infra errors (left out of the fit) significantly more often than the baseline's gets
    selective_infra_errors instead of no_change or improved, which fails the gate: an agent
    must not pass by breaking its sandboxes. Prints a Markdown summary.

    \b
    Example:
      horizon compare results/runs/main results/runs/pr-123 --junit compare.xml
      horizon compare base.jsonl cand.jsonl --baseline-alias gpt-5 --candidate-alias gpt-5.1
    """
    # Imported here: `horizon compare --help` must not pay for numpy and pandas.
    import numpy as np

    from harness.horizon import HorizonParams
    from harness.runs import read_runs

    try:
        params = HorizonParams(n_bootstrap=n_bootstrap, confidence=confidence)
    except ValueError as err:
        raise click.UsageError(str(err)) from err
    base_runs = read_runs([_runs_of(baseline, "baseline")])
    cand_runs = read_runs([_runs_of(candidate, "candidate")])
    rng = np.random.default_rng(seed)
    results = [
        compare_pair(base_runs, cand_runs, pair, params, rng, tolerance)
        for pair in alias_pairs(base_runs, cand_runs, baseline_alias, candidate_alias)
    ]
    if json_file is not None:
        text = as_json(results, tolerance, confidence)
        if str(json_file) == "-":
            click.echo(text)
        else:
            json_file.write_text(text + "\n")
    if junit_file is not None:
        junit_file.write_text(as_junit(results))
    if str(json_file) != "-":
        click.echo(as_markdown(results, tolerance, confidence), nl=False)
    failed = any(r.verdict.fails_gate for r in results)
    sys.exit(ExitCode.FAILED if failed else ExitCode.OK)
