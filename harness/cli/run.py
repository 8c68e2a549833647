"""`horizon run`: run an agent over a suite in Docker sandboxes (Inspect eval_set)."""

from pathlib import Path
from typing import Any

import click
import yaml

from harness.errors import ExitCode, InputError
from harness.run import AgentChoice, RunSettings, default_max_sandboxes, run_suite, summarize_logs


def parse_agent_args(pairs: tuple[str, ...]) -> dict[str, Any]:
    """``("horizon=30", "seed=1")`` -> ``{"horizon": 30, "seed": 1}`` (values parsed as YAML)."""
    parsed: dict[str, Any] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise InputError(f"-A {pair!r}: expected key=value (e.g. -A horizon=30).")
        parsed[key] = yaml.safe_load(value)
    return parsed


@click.command()
@click.option(
    "--suite", default="smoke", envvar="HORIZON_SUITE", help="Suite under tasks/, or a folder."
)
@click.option("--task", "tasks", multiple=True, help="Only this task id (repeatable).")
@click.option(
    "--model",
    envvar="HORIZON_MODEL",
    default="none",
    help="Any Inspect model: openai/..., anthropic/..., vllm/..., ollama/..., scripted/FILE.",
)
@click.option(
    "--agent",
    default="react",
    help="react (model-driven), oracle, null, or sim (simulated, known horizon).",
)
@click.option(
    "-A",
    "agent_args",
    multiple=True,
    metavar="KEY=VALUE",
    help="Agent argument, e.g. -A horizon=30 -A slope=0.6 for sim.",
)
@click.option("--epochs", type=int, default=1, help="Attempts per task.")
@click.option(
    "--name", default=None, help="Run name: logs go to results/runs/NAME/ [default: suite]."
)
@click.option(
    "--log-dir",
    type=click.Path(path_type=Path),
    default=None,
    envvar="HORIZON_LOG_DIR",
    help="Log folder (overrides --name).",
)
@click.option(
    "--time-multiplier", type=float, default=1.0, help="Scales each task's [agent] timeout_sec."
)
@click.option("--token-limit", type=int, default=None, help="Tokens per sample.")
@click.option(
    "--cost-limit", type=float, default=None, help="Dollars per sample (where prices are known)."
)
@click.option(
    "--max-sandboxes",
    type=int,
    default=None,
    help=f"Sandboxes at once [default: 2 per core = {default_max_sandboxes()}].",
)
@click.option(
    "--max-samples", type=int, default=None, help="Samples at once [default: --max-sandboxes]."
)
@click.option("--retries", type=int, default=2, help="Retries of a sample that hit an infra error.")
@click.option(
    "--display",
    type=click.Choice(["rich", "plain", "log", "none"]),
    default="rich",
    help="Inspect's progress display.",
)
def run(
    suite: str,
    tasks: tuple[str, ...],
    model: str,
    agent: str,
    agent_args: tuple[str, ...],
    epochs: int,
    name: str | None,
    log_dir: Path | None,
    time_multiplier: float,
    token_limit: int | None,
    cost_limit: float | None,
    max_sandboxes: int | None,
    max_samples: int | None,
    retries: int,
    display: str,
) -> None:
    """Run an agent over a task suite in Docker sandboxes; resumable.

    Wraps Inspect's eval_set: standard .eval logs in results/runs/NAME/ that `inspect view`
    and `horizon report` read. Running the same command again resumes: completed samples are
    kept, the rest run. Samples whose sandbox or verifier broke are retried (--retries) and
    never counted as model failures.

    \b
    Examples:
      horizon run --suite core --model openai/gpt-5 --epochs 3
      horizon run --suite core --agent sim -A horizon=30 -A slope=0.6 -A seed=1
      horizon run --suite smoke --agent oracle
    """
    settings = RunSettings(
        suite=suite,
        tasks=tasks,
        model=model,
        agents=(AgentChoice(agent, parse_agent_args(agent_args)),),
        epochs=epochs,
        name=name,
        log_dir=log_dir,
        time_multiplier=time_multiplier,
        token_limit=token_limit,
        cost_limit=cost_limit,
        max_sandboxes=max_sandboxes,
        max_samples=max_samples,
        retries=retries,
        display=display,
    )
    if agent == "react" and model == "none":
        raise InputError("--model: the react agent needs a model (e.g. --model openai/gpt-5).")
    complete, _ = run_suite(settings)
    click.echo(summarize_logs(settings.resolved_log_dir))
    click.echo(f"logs: {settings.resolved_log_dir}  (open with `inspect view --log-dir ...`)")
    if not complete:
        click.echo("some tasks did not complete; run the same command again to resume", err=True)
        raise SystemExit(ExitCode.ERROR)
