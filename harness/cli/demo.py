"""`horizon demo`: the whole loop on built-in tasks with built-in agents, no API key."""

import datetime as dt
import time

import click

from harness._paths import DEFAULT_SUITE, RESULTS_DIR

# True horizons of the simulated agents, in human minutes, spread over each suite's range.
SIM_HORIZONS = {"smoke": (0.5, 2.0, 8.0), "core": (4.0, 30.0, 240.0)}
SIM_SLOPE = 0.6
SIM_SEED = 1
REPORT_SEED = 0
"""Seed of the report's bootstrap (``horizon report``'s default)."""


@click.command()
@click.option(
    "--suite",
    type=click.Choice(sorted(SIM_HORIZONS)),
    default=DEFAULT_SUITE,
    help="smoke: 5 short tasks, ~2 min; core: the full graded suite.",
)
@click.option(
    "--epochs", type=click.IntRange(min=1), default=4, help="Attempts per task and agent."
)
@click.option("--name", default=None, help="Run and report name [default: demo-SUITE].")
def demo(suite: str, epochs: int, name: str | None) -> None:
    """Run the whole loop on a built-in suite with built-in agents; no API key needed.

    Sets up Docker and the base images (as `horizon setup`), checks the suite's tasks that
    have not passed `horizon tasks check` on this machine yet (a second demo skips this),
    builds the task images, runs the oracle, the null agent and three simulated agents of
    known horizons through real sandboxes and verifiers, then estimates their horizons (as
    `horizon report`) and prints the leaderboard, and ends by writing the board
    (leaderboard.html) and printing its path. The simulated agents' true horizons are in
    their names (sim/h=8m), so you can see the estimates recover them.

    \b
    Example:
      horizon demo                  # smoke suite
      horizon demo --suite core     # the full suite: slower
    """
    import numpy as np

    from harness.horizon import HorizonParams, fit_horizons
    from harness.report import LEADERBOARD_HTML, render_table, to_document, write_board
    from harness.run import (
        AgentChoice,
        RunSettings,
        check_tasks,
        gate_tasks,
        run_suite,
        summarize_logs,
    )
    from harness.runs import read_runs
    from harness.suite import load_suite

    from .setup import prepare_machine

    started = time.monotonic()
    prepare_machine()
    # `horizon run` scores only tasks checked on this machine: check those not checked yet.
    unchecked = [s.task_id for s in gate_tasks(load_suite(suite).tasks) if not s.checked]
    if unchecked:
        click.echo(f"checking {len(unchecked)} task(s) first (as `horizon tasks check`)", err=True)
        for check in check_tasks(suite, tuple(unchecked), display="rich"):
            if not check.ok:
                click.echo(f"{check.task_id} failed its check; not run:\n{check.detail}", err=True)
    run_name = name or f"demo-{suite}"
    agents = (
        AgentChoice("oracle"),
        AgentChoice("null"),
        *(
            AgentChoice("sim", {"horizon": h, "slope": SIM_SLOPE, "seed": SIM_SEED})
            for h in SIM_HORIZONS[suite]
        ),
    )
    settings = RunSettings(suite=suite, agents=agents, epochs=epochs, name=run_name)
    run_suite(settings)
    log_dir = settings.resolved_log_dir
    click.echo(summarize_logs(log_dir))

    runs = read_runs([log_dir])
    result = fit_horizons(runs, HorizonParams(), np.random.default_rng(REPORT_SEED))
    document = to_document(result, seed=REPORT_SEED, inputs=[str(log_dir)])
    out = RESULTS_DIR / "reports" / run_name
    for path in write_board(document, runs, out, dt.datetime.now(dt.UTC)):
        click.echo(f"wrote {path}", err=True)
    click.echo("\nTime horizons (true horizons of the sim agents are in their names):")
    click.echo(render_table(document), nl=False)
    for warning in document.warnings:
        click.echo(f"warning: {warning.message}", err=True)
    click.echo(f"\nlogs: {log_dir}")
    click.echo(f"demo finished in {time.monotonic() - started:.0f} s")
    click.echo(f"board: {(out / LEADERBOARD_HTML).resolve()}")
