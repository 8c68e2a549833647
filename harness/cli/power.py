"""`horizon power`: the smallest regression a suite's CI gate detects at 80% power."""

import click
import numpy as np

from harness._paths import DEFAULT_SUITE
from harness.horizon import HorizonParams
from harness.power import DEFAULT_SLOPE, TARGET_POWER, detectable_ratio, gate_power
from harness.suite import load_suite

DEFAULT_RATIOS = (0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3)


@click.command()
@click.option("--suite", default=DEFAULT_SUITE, show_default=True, help="Suite name or folder.")
@click.option(
    "--epochs",
    type=click.IntRange(min=1),
    default=3,
    show_default=True,
    help="Runs per task and agent on each side.",
)
@click.option(
    "--horizon",
    "horizon_minutes",
    type=click.FloatRange(min=0, min_open=True),
    default=240.0,
    show_default=True,
    help="The baseline's p50, in minutes.",
)
@click.option(
    "--ratio",
    "ratios",
    type=click.FloatRange(min=0, min_open=True),
    multiple=True,
    default=DEFAULT_RATIOS,
    show_default=True,
    help="True candidate/baseline ratios to try.",
)
@click.option(
    "--sims",
    type=click.IntRange(min=10),
    default=100,
    show_default=True,
    help="Simulated comparisons per ratio (the power's standard error is about 0.04 at 100).",
)
@click.option(
    "--tolerance",
    type=click.FloatRange(0, 1, max_open=True),
    default=0.1,
    show_default=True,
    help="The gate's --tolerance.",
)
@click.option(
    "--bootstrap",
    "n_bootstrap",
    type=click.IntRange(min=40),
    default=200,
    show_default=True,
    help="Paired bootstrap draws per simulated comparison.",
)
@click.option(
    "--slope",
    type=float,
    default=DEFAULT_SLOPE,
    show_default=True,
    help="Logit change per doubling of human minutes (METR's fits: -0.52 to -0.64).",
)
@click.option("--seed", type=click.IntRange(min=0), default=0, show_default=True)
def power(
    suite: str,
    epochs: int,
    horizon_minutes: float,
    ratios: tuple[float, ...],
    sims: int,
    tolerance: float,
    n_bootstrap: int,
    slope: float,
    seed: int,
) -> None:
    """Simulate the CI gate on a suite: which drop in p50 can `horizon compare` see?

    A baseline agent with p50 = --horizon and a candidate with p50 = ratio x that, both run
    --epochs times on every task of the suite (its own human times and families), compared
    --sims times per ratio; the power is the share judged regressed. Prints the table and the
    ratio closest to 1 detected with 80% power.

    \b
    Example:
      horizon power --suite core --epochs 3 --horizon 240
    """
    tasks = load_suite(suite).tasks
    minutes = np.array([t.human_minutes for t in tasks])
    family = [t.family for t in tasks]
    params = HorizonParams(n_bootstrap=n_bootstrap)
    points = gate_power(
        minutes,
        family,
        epochs,
        horizon_minutes,
        sorted(ratios, reverse=True),
        params,
        np.random.default_rng(seed),
        n_sims=sims,
        tolerance=tolerance,
        slope=slope,
    )
    click.echo(
        f"suite {suite}: {len(tasks)} tasks, {epochs} epoch(s), baseline p50 "
        f"{horizon_minutes:g} min, tolerance {tolerance:g}"
    )
    click.echo("ratio  power")
    for p in points:
        click.echo(f"{p.ratio:5.2f}  {p.power:5.2f}")
    found = detectable_ratio(points)
    if found is None:
        click.echo(
            f"No ratio tried is detected with {TARGET_POWER:.0%} power: add epochs or "
            "tasks near the horizon, or try smaller ratios."
        )
    else:
        click.echo(
            f"Smallest change detected with {TARGET_POWER:.0%} power: a drop to "
            f"{found:g}x the baseline's p50 ({1 - found:.0%} shorter)."
        )
