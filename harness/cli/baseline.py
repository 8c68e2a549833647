"""`horizon baseline TASK`: time a person working a task; record the result in task.toml."""

import datetime
import math

import click

from harness._paths import DEFAULT_SUITE, RESULTS_DIR
from harness.outcome import Outcome
from harness.suite import Baseline, append_baseline, load_suite


@click.command()
@click.argument("task_id")
@click.option("--suite", default=DEFAULT_SUITE, help="Suite under tasks/, or a suite folder.")
@click.option("--who", default=None, help="A pseudonym for the person (stored with the time).")
@click.option(
    "--time-multiplier",
    type=click.FloatRange(min=0, min_open=True),
    default=3.0,
    help="Scales the task's [agent] timeout_sec for the person.",
)
def baseline(task_id: str, suite: str, who: str | None, time_multiplier: float) -> None:
    """Work a task yourself in its sandbox; the time and the verdict become a baseline.

    Starts the task's sandbox with Inspect's human agent (it prints how to log in; run
    `task start`/`task stop` to pause the clock and `task submit` when done). The verifier
    then scores the files you left, and the working time and verdict are appended to the
    task's [[human.baselines]]. Successful baselines replace the estimate: human minutes
    become their geometric mean.

    \b
    Example:
      horizon baseline fix-inclusive-range --suite smoke --who alice
    """
    from inspect_ai import eval as inspect_eval

    from harness.run import horizon_suite
    from harness.runs import log_path, read_runs
    from harness.sandbox import build_task_images

    [spec] = load_suite(suite, (task_id,)).tasks
    [image] = build_task_images([spec])
    if image.error is not None:
        raise image.error
    task = horizon_suite(
        suite=str(spec.path.parent), tasks=[task_id], agent="human", time_multiplier=time_multiplier
    )
    [log] = inspect_eval(task, model="none", log_dir=str(RESULTS_DIR / "baselines"))
    [attempt] = read_runs([log_path(log.location)]).to_dict("records")
    outcome = Outcome(attempt["outcome"])
    if outcome not in (Outcome.SUCCESS, Outcome.FAILURE):
        detail = attempt["error"] or attempt["explanation"]
        click.echo(f"no verdict ({outcome}): nothing recorded.\n{detail}", err=True)
        raise SystemExit(2)
    seconds = float(attempt["working_time_sec"])
    minutes = (float(attempt["total_time_sec"]) if math.isnan(seconds) else seconds) / 60
    record = Baseline(
        minutes=max(minutes, 0.01),
        success=outcome == Outcome.SUCCESS,
        date=datetime.date.today().isoformat(),
        who=who,
    )
    append_baseline(spec, record)
    click.echo(f"{spec.id}: {outcome} in {minutes:.1f} min, recorded in {spec.path / 'task.toml'}")
