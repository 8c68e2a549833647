"""`horizon run`: an agent over a suite in Docker or Kubernetes sandboxes (Inspect eval_set)."""

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
import yaml

from harness._paths import DEFAULT_SUITE
from harness.agents import AGENTS, agent_entry, get_agent
from harness.cli.tasks import IMAGE_MAP_OPTION
from harness.errors import ExitCode, InputError

if TYPE_CHECKING:
    from harness.sandbox import K8sTarget

AGENT_HELP = "Agent to run. " + "; ".join(f"{name}: {e.help}" for name, e in AGENTS.items()) + "."
"""``--agent``'s help: every agent of the table, so a new entry shows up without an edit here."""

NO_MODEL = "none"


def parse_agent_args(pairs: tuple[str, ...]) -> dict[str, Any]:
    """``("horizon=30", "seed=1")`` -> ``{"horizon": 30, "seed": 1}`` (values parsed as YAML).

    Raises:
        click.BadParameter: A pair without ``=`` or with an empty key.
    """
    parsed: dict[str, Any] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise click.BadParameter(
                f"expected key=value (got {pair!r}), e.g. -A horizon=30.", param_hint="'-A'"
            )
        parsed[key] = yaml.safe_load(value)
    return parsed


def _check_agent(ctx: click.Context, param: click.Parameter, value: str) -> str:
    """``--agent`` callback: an unknown name is a usage error that lists the known ones."""
    try:
        agent_entry(value)
    except InputError as err:
        raise click.BadParameter(str(err)) from err
    return value


def _k8s_target(
    suite: str, sandbox: str | None, registry: str | None, context: str | None, runtime: str
) -> "K8sTarget | None":
    """The Kubernetes target of a run (None: Docker); ``--sandbox`` defaults to the suite's."""
    from harness.sandbox import K8sTarget
    from harness.suite import load_suite

    if (sandbox or load_suite(suite, strict=False).config.sandbox) != "k8s":
        return None
    if not registry:
        raise click.UsageError(
            "--sandbox k8s needs --registry R (or HORIZON_REGISTRY): the registry the cluster "
            "pulls the task images from. Push them first: horizon images push --registry R "
            f"--suite {suite}"
        )
    return K8sTarget(registry=registry, context=context, runtime_class=runtime)


@click.command()
@click.option(
    "--suite",
    default=DEFAULT_SUITE,
    envvar="HORIZON_SUITE",
    help="Suite under tasks/, or a suite folder.",
)
@click.option("--task", "tasks", multiple=True, help="Only this task id (repeatable).")
@click.option(
    "--model",
    envvar="HORIZON_MODEL",
    default=NO_MODEL,
    help="Any Inspect model: openai/..., anthropic/..., vllm/..., ollama/..., scripted/FILE. "
    "Needed by agents that call a model (react).",
)
@click.option("--agent", default="react", callback=_check_agent, help=AGENT_HELP)
@click.option(
    "-A",
    "agent_args",
    multiple=True,
    metavar="KEY=VALUE",
    help="Agent argument, e.g. -A horizon=30 -A slope=0.6 for sim.",
)
@click.option("--epochs", type=click.IntRange(min=1), default=1, help="Attempts per task.")
@click.option(
    "--name", default=None, help="Run name: logs go to results/runs/NAME/ [default: the suite]."
)
@click.option(
    "--log-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    envvar="HORIZON_LOG_DIR",
    help="Log folder (overrides --name).",
)
@click.option(
    "--time-multiplier",
    type=click.FloatRange(min=0, min_open=True),
    default=1.0,
    help="Scales each task's [agent] timeout_sec.",
)
@click.option("--token-limit", type=click.IntRange(min=1), default=None, help="Tokens per sample.")
@click.option(
    "--cost-limit",
    type=click.FloatRange(min=0, min_open=True),
    default=None,
    help="Dollars per sample (where prices are known).",
)
@click.option(
    "--max-sandboxes",
    type=click.IntRange(min=1),
    default=None,
    help="Sandboxes at once [default: 2 per core].",
)
@click.option(
    "--max-samples",
    type=click.IntRange(min=1),
    default=None,
    help="Samples at once [default: --max-sandboxes].",
)
@click.option(
    "--retries",
    type=click.IntRange(min=0),
    default=2,
    help="Retry rounds for samples that ended in an infra error.",
)
@click.option(
    "--retry-wait",
    type=click.FloatRange(min=0),
    default=30.0,
    show_default=True,
    help="Seconds before the first retry round; doubled each round, with jitter.",
)
@click.option(
    "--sandbox",
    type=click.Choice(["docker", "k8s"]),
    default=None,
    help="Where sandboxes run: horizon's Docker sandbox on this machine, or Kubernetes "
    "through inspect-k8s-sandbox (pip install 'horizon[k8s]'; docs/kubernetes.md). "
    "[default: the suite's `sandbox` in suite.toml, else docker]",
)
@click.option(
    "--registry",
    envvar="HORIZON_REGISTRY",
    default=None,
    help="--sandbox k8s: the registry the cluster pulls the images from, as pushed by "
    "`horizon images push --registry R`.",
)
@click.option(
    "--k8s-context",
    envvar="HORIZON_K8S_CONTEXT",
    default=None,
    help="--sandbox k8s: kubeconfig context [default: the current one].",
)
@click.option(
    "--k8s-runtime-class",
    envvar="HORIZON_K8S_RUNTIME_CLASS",
    default="gvisor",
    show_default=True,
    help="--sandbox k8s: the pods' runtime class; CLUSTER_DEFAULT leaves it to the cluster.",
)
@click.option(
    "--display",
    type=click.Choice(["rich", "plain", "log", "none"]),
    default="rich",
    help="Inspect's progress display.",
)
@IMAGE_MAP_OPTION
@click.option(
    "--unchecked",
    is_flag=True,
    help="Also run tasks whose `horizon tasks check` has not passed on this machine (as they "
    "are now); their samples are marked unchecked, and reports say so.",
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
    retry_wait: float,
    sandbox: str | None,
    registry: str | None,
    k8s_context: str | None,
    k8s_runtime_class: str,
    display: str,
    image_map: dict[str, str],
    unchecked: bool,
) -> None:
    """Run an agent over a task suite in sandboxes (Docker or Kubernetes); resumable.

    Builds the suite's task images first (in parallel, progress on stderr), then wraps
    Inspect's eval_set: standard .eval logs in results/runs/NAME/ that `inspect view` and
    `horizon report` read. Running the same command again resumes: completed samples are
    kept, the rest run. Samples whose sandbox, verifier or harness broke (infra errors) are
    never counted as model failures: they are retried in rounds (--retries), after a jittered
    exponential backoff and once the Docker daemon answers; a rerun retries those still left.
    A task that does not load (or asks for what horizon cannot do here) is named with why,
    and the other tasks run. Only tasks whose `horizon tasks check` passed on this machine,
    for their current content and image, run (records in results/check-records/); the others
    are named with the command that checks them and skipped (--unchecked: run, and marked).
    A task whose image does not build is recorded as not run; the other tasks run.
    Containers a killed run of the same log folder left are removed first (see also
    `horizon clean`). With --sandbox k8s nothing is built: the run checks that the cluster
    answers and that every task image is in --registry, or starts nothing.

    \b
    Examples:
      horizon run --suite core --model openai/gpt-5 --epochs 3
      horizon run --suite core --agent sim -A horizon=30 -A slope=0.6 -A seed=1
      horizon run --suite smoke --agent oracle
      horizon run --suite core --model openai/gpt-5 --sandbox k8s --registry reg.lab:5000/evals

    Exit codes: 0 every sample has a verdict; 2 bad input, Docker unusable, no task has
    passed its check here (without --unchecked), or (k8s) no cluster or an image missing from
    the registry; 3 some samples still have no verdict after
    every retry round (rerun the same command to retry them).
    """
    from harness.cli.tasks import loadable_task_ids
    from harness.run import (
        AgentChoice,
        RunSettings,
        run_suite,
        summarize_logs,
        unchecked_message,
    )

    args = parse_agent_args(agent_args)
    try:
        get_agent(agent, **args)
    except InputError as err:
        raise click.BadParameter(str(err), param_hint="'-A'") from err
    if agent_entry(agent).needs_model and model == NO_MODEL:
        model_free = ", ".join(n for n, e in AGENTS.items() if not e.needs_model)
        raise click.UsageError(
            f"--agent {agent} calls a model, and no --model was given. Either name a model "
            "(--model openai/gpt-5, or set HORIZON_MODEL), or choose an agent that needs none "
            f"(--agent {model_free})."
        )
    k8s = _k8s_target(suite, sandbox, registry, k8s_context, k8s_runtime_class)
    settings = RunSettings(
        suite=suite,
        tasks=tasks or loadable_task_ids(suite),
        model=model,
        agents=(AgentChoice(agent, args),),
        epochs=epochs,
        name=name,
        log_dir=log_dir,
        time_multiplier=time_multiplier,
        token_limit=token_limit,
        cost_limit=cost_limit,
        max_sandboxes=max_sandboxes,
        max_samples=max_samples,
        retries=retries,
        retry_wait_sec=retry_wait,
        display=display,
        k8s=k8s,
        image_map=image_map,
        unchecked=unchecked,
    )
    outcome = run_suite(settings)
    click.echo(summarize_logs(settings.resolved_log_dir))
    click.echo(f"logs: {settings.resolved_log_dir}  (open with `inspect view --log-dir ...`)")
    if outcome.skipped:
        click.echo(unchecked_message(suite, outcome.skipped, run_anyway=False), err=True)
    if not outcome.complete:
        unbuilt = ", ".join(b.task_id for b in outcome.not_built)
        click.echo(
            f"INCOMPLETE after {outcome.rounds} round(s): some samples have no verdict (infra "
            f"errors{'; not run, image did not build: ' + unbuilt if unbuilt else ''}). They "
            "are excluded from every fit. Run the same command again to retry just those.",
            err=True,
        )
        raise SystemExit(ExitCode.INCOMPLETE)
