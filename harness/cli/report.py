"""`horizon report`: runs -> time horizons -> leaderboard files and a table."""

import datetime as dt
from pathlib import Path

import click
import numpy as np

from harness.horizon import DEFAULT_REGULARIZATION, HorizonParams, Weighting, fit_horizons
from harness.report import render_json, render_table, to_document, write_board
from harness.runs import read_release_dates, read_runs


@click.command(
    epilog="Exit codes: 0 report written; 2 could not do the job (bad input or options)."
)
@click.argument(
    "inputs", nargs=-1, required=True, type=click.Path(path_type=Path), metavar="INPUT..."
)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder to write the board into (created if needed): leaderboard.json, .md and .html, "
    "figures/ (PNG, SVG) and the runs behind them (runs.parquet, runs.csv).",
)
@click.option(
    "--regularization",
    type=click.FloatRange(min=0, min_open=True),
    default=DEFAULT_REGULARIZATION,
    show_default=True,
    help="L2 penalty on the slope (scikit-learn 1/C). METR: 1e-5 since Mar 2026, 0.1 before.",
)
@click.option(
    "--weighting",
    type=click.Choice([w.value for w in Weighting]),
    default=Weighting.INVSQRT.value,
    show_default=True,
    help="Run weights: invsqrt damps big task families; equal weighs every task the same.",
)
@click.option(
    "--bootstrap",
    "n_bootstrap",
    type=click.IntRange(min=0),
    default=1000,
    show_default=True,
    help="Hierarchical bootstrap draws (sets n_bootstrap); 0 skips CIs, else at least "
    "2 / (1 - confidence) (40 at 95%) and at most 100,000.",
)
@click.option(
    "--seed",
    type=click.IntRange(min=0),
    default=0,
    show_default=True,
    help="Seed of the bootstrap.",
)
@click.option(
    "--confidence",
    type=click.FloatRange(0, 1, min_open=True, max_open=True),
    default=0.95,
    show_default=True,
    help="Confidence level of the CIs.",
)
@click.option(
    "--percents",
    type=click.IntRange(1, 99),
    multiple=True,
    default=(50, 80),
    show_default=True,
    help="Success probabilities (%) to report horizons at; repeat the option. 50 is always in.",
)
@click.option(
    "--partial-scores",
    is_flag=True,
    help="Fit continuous scores in 0..1 (each run split into weighted 0 and 1 rows).",
)
@click.option(
    "--release-dates",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="Release dates for the doubling-time trend: METR's YAML or a CSV with alias,date.",
)
@click.option(
    "--label-noise/--no-label-noise",
    default=True,
    show_default=True,
    help="Also give each p50 corrected for noisy human-time labels (SIMEX), beside METR's "
    "plain number; off makes the report faster and METR's columns only.",
)
@click.option(
    "--trend-since",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Fit the trend over models released on or after this date (YYYY-MM-DD) only.",
)
@click.option(
    "--trend-until",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="...and on or before this date.",
)
@click.option(
    "--exclude-alias",
    "exclude_aliases",
    multiple=True,
    metavar="ALIAS",
    help="Leave this alias out (e.g. human); repeat the option for more.",
)
@click.option(
    "--merge-runs",
    is_flag=True,
    help="Pool an alias's attempts from separate runs (sets merge_runs). By default an alias "
    "found in several runs (log folders / eval sets) is estimated once per run, as "
    "'alias [run]'.",
)
@click.option(
    "--json", "as_json", is_flag=True, help="Print the JSON document only (schema_version'd)."
)
def report(
    inputs: tuple[Path, ...],
    out: Path | None,
    regularization: float,
    weighting: str,
    n_bootstrap: int,
    seed: int,
    confidence: float,
    percents: tuple[int, ...],
    partial_scores: bool,
    release_dates: Path | None,
    label_noise: bool,
    trend_since: dt.datetime | None,
    trend_until: dt.datetime | None,
    exclude_aliases: tuple[str, ...],
    merge_runs: bool,
    as_json: bool,
) -> None:
    """Estimate time horizons (p50, p80, CIs, trend) from runs and write leaderboards.

    INPUT: Inspect .eval logs or folders of them (as `horizon run` writes), or METR-schema
    runs files (.jsonl). Method: METR's weighted logistic regression of success on
    log2(human minutes) with a hierarchical bootstrap; horizons outside the tasks' range are
    shown as bounds.

    \b
    Example:
      horizon report results/runs/ --out results/reports/latest
      horizon report all_runs.jsonl --exclude-alias human --json > leaderboard.json
      horizon report results/runs/release-1 results/runs/release-1b --merge-runs
      horizon report all_runs.jsonl --release-dates dates.yaml --trend-since 2024-01-01
    """
    try:
        params = HorizonParams(
            regularization=regularization,
            weighting=Weighting(weighting),
            n_bootstrap=n_bootstrap,
            confidence=confidence,
            success_percents=percents,
            partial_scores=partial_scores,
            exclude_aliases=exclude_aliases,
            merge_runs=merge_runs,
            label_noise=label_noise,
            trend_since=None if trend_since is None else trend_since.date(),
            trend_until=None if trend_until is None else trend_until.date(),
        )
    except ValueError as err:  # options click's types let through (nan, too few draws)
        raise click.UsageError(str(err)) from err
    if (trend_since or trend_until) and release_dates is None:
        raise click.UsageError(
            "--trend-since/--trend-until limit the trend, which needs --release-dates."
        )
    runs = read_runs(inputs)
    dates = read_release_dates(release_dates) if release_dates is not None else None
    result = fit_horizons(runs, params, np.random.default_rng(seed), release_dates=dates)
    document = to_document(result, seed=seed, inputs=[str(p) for p in inputs], release_dates=dates)
    if out is not None:
        for path in write_board(document, runs, out, dt.datetime.now(dt.UTC)):
            click.echo(f"wrote {path}", err=True)
    if as_json:
        click.echo(render_json(document))
    else:
        click.echo(render_table(document), nl=False)
    # Warnings go to stderr, also under --json: stdout then holds the document only.
    for warning in document.warnings:
        click.echo(f"warning: {warning.message}", err=True)
