"""`horizon tasks list` and `horizon tasks check`."""

import json
import sys
from pathlib import Path

import click
from click.core import ParameterSource

from harness._paths import DEFAULT_SUITE
from harness.errors import ExitCode
from harness.suite import bucket_label, bucket_table, load_suite, load_task

SCHEMA_VERSION = 1


@click.group()
def tasks() -> None:
    """List and check task suites (tasks/<suite>/<task>/)."""


@tasks.command(name="list")
@click.option("--suite", default=DEFAULT_SUITE, help="Suite name under tasks/, or a suite folder.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list instead of a table.")
@click.option(
    "--markdown", is_flag=True, help="Print the bucket and family tables (as in tasks/README.md)."
)
def list_tasks(suite: str, as_json: bool, markdown: bool) -> None:
    """One row per task: id, family, human minutes, source, doubling bucket, isolation.

    A task whose agent works as root (`[agent] user = "root"`) is marked weakly isolated: such
    an agent could change what the verifier runs with.

    \b
    Example:
      horizon tasks list --suite core --json | jq length
    """
    loaded = load_suite(suite)
    if markdown:
        click.echo(bucket_table(loaded), nl=False)
        return
    rows = [
        {
            "task_id": t.id,
            "family": t.family,
            "human_minutes": t.human_minutes,
            "source": t.human_source,
            "rationale": t.config.human.rationale if t.config.human else None,
            "estimates": [e.model_dump() for e in t.config.human.estimates]
            if t.config.human
            else [],
            "suite": t.suite,
            "bucket": bucket_label(t.human_minutes),
            "agent_user": t.config.agent.user,
            "weakly_isolated": t.weakly_isolated,
        }
        for t in sorted(loaded.tasks, key=lambda t: t.human_minutes)
    ]
    if as_json:
        click.echo(json.dumps(rows, indent=2))
        return
    click.echo(f"{'task':<40} {'family':<22} {'minutes':>8}  {'source':<16} {'bucket':<12} note")
    for r in rows:
        click.echo(
            f"{r['task_id']:<40} {r['family']:<22} {r['human_minutes']:>8.1f}  "
            f"{r['source']:<16} {r['bucket']:<12} "
            f"{'weakly isolated (agent is root)' if r['weakly_isolated'] else ''}".rstrip()
        )
    weak = sum(t.weakly_isolated for t in loaded.tasks)
    click.echo(
        f"{len(rows)} tasks in suite {loaded.name!r}"
        + (f"; {weak} weakly isolated (agent works as root)" if weak else ""),
        err=True,
    )


@tasks.command(name="check")
@click.option("--suite", default=DEFAULT_SUITE, help="Suite name under tasks/.")
@click.option(
    "--path",
    "path",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=None,
    help="A suite folder, or a single task folder.",
)
@click.argument("task_ids", nargs=-1)
@click.option(
    "--max-sandboxes",
    type=click.IntRange(min=1),
    default=None,
    help="Sandboxes at once [default: Inspect's, sized to the machine].",
)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list instead of a table.")
def check(
    suite: str,
    path: Path | None,
    task_ids: tuple[str, ...],
    max_sandboxes: int | None,
    as_json: bool,
) -> None:
    """Check tasks: only the work earns the reward.

    Builds each task's image, then runs three agents through real sandboxes and the real
    verifier, tasks in parallel: the oracle (the reference solution) must succeed; the null
    agent (does nothing) and the adversary (tries every generic reward hack on the grader,
    never does the task) must fail. A task the adversary passes is reported with the attacks
    that fired.

    \b
    Examples:
      horizon tasks check --suite smoke
      horizon tasks check --suite core fix-csv-quoting
      horizon tasks check --path path/to/harbor-task-folder

    Exit codes: 0 every task passed; 1 some task failed its check; 2 a task does not validate.
    """
    from harness.run import check_tasks

    target: str | Path = suite
    ctx = click.get_current_context()
    if path is not None and ctx.get_parameter_source("suite") is not ParameterSource.DEFAULT:
        raise click.UsageError("--suite and --path name the tasks twice: give one of them.")
    if path is not None:
        if (path / "task.toml").is_file():
            spec = load_task(path)
            target, task_ids = path.parent, (spec.id,)
        else:
            target = path
    checks = check_tasks(
        target, task_ids, max_sandboxes=max_sandboxes, display="none" if as_json else "rich"
    )
    if as_json:
        click.echo(
            json.dumps(
                [
                    {
                        "task_id": c.task_id,
                        "outcomes": {agent: str(o) for agent, o in c.outcomes.items()},
                        "attacks_fired": list(c.attacks_fired),
                        "ok": c.ok,
                        "detail": c.detail,
                    }
                    for c in checks
                ],
                indent=2,
            )
        )
    else:
        click.echo(f"{'task':<40} {'oracle':<12} {'null':<12} {'adversary':<12} ok")
        for c in checks:
            click.echo(
                f"{c.task_id:<40} {c.oracle_outcome:<12} {c.null_outcome:<12} "
                f"{c.adversary_outcome:<12} {'yes' if c.ok else 'NO'}"
            )
        for c in checks:
            if not c.ok:
                click.echo(f"\n{c.task_id}:\n{c.detail}", err=True)
        click.echo(f"{sum(c.ok for c in checks)}/{len(checks)} tasks passed", err=True)
    sys.exit(ExitCode.OK if all(c.ok for c in checks) else ExitCode.FAILED)
