"""`horizon tasks list`, `check` and `import`: horizon suites and Harbor task folders alike."""

import json
import math
import sys
from pathlib import Path

import click
from click.core import ParameterSource

from harness._paths import DEFAULT_SUITE, TASKS_DIR
from harness.errors import ExitCode
from harness.suite import Suite, bucket_label, bucket_table, import_dataset, load_suite

SCHEMA_VERSION = 1


PATH_OPTION = click.option(
    "--path",
    "path",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=None,
    help="A folder of task folders (no suite.toml needed), or a single task folder.",
)


def _image_map(
    ctx: click.Context, param: click.Parameter, pairs: tuple[str, ...]
) -> dict[str, str]:
    mapped = {}
    for pair in pairs:
        image, _, local = pair.partition("=")
        if not image.strip() or not local.strip():
            raise click.BadParameter(
                f"{pair!r} is not FROM=LOCAL (e.g. --image-map postgres:16=mirror.lab/postgres:16)"
            )
        mapped[image.strip()] = local.strip()
    return mapped


IMAGE_MAP_OPTION = click.option(
    "--image-map",
    "image_map",
    multiple=True,
    metavar="FROM=LOCAL",
    callback=_image_map,
    help="Use image LOCAL wherever a task names FROM ([environment] docker_image, compose "
    "service images, Dockerfile FROM lines); repeatable, over suite.toml's [image_map].",
)
STRICT_OPTION = click.option(
    "--strict",
    is_flag=True,
    help="Exit 2 when any task does not load (default: skip it, say why, go on).",
)


def load_tasks(
    suite: str, path: Path | None, strict: bool, task_ids: tuple[str, ...] = ()
) -> Suite:
    """The tasks ``--suite`` or ``--path`` names, problems reported on stderr.

    Each task that does not load is named with its message (file, field, fix) and skipped,
    unless ``strict``; each loaded task's notices are shown.

    Raises:
        click.UsageError: Both ``--suite`` and ``--path`` were given.
        TaskSpecError: Nothing loadable is left, or ``strict`` and a task does not load.
    """
    ctx = click.get_current_context()
    if path is not None and ctx.get_parameter_source("suite") is not ParameterSource.DEFAULT:
        raise click.UsageError("--suite and --path name the tasks twice: give one of them.")
    if path is not None and (path / "task.toml").is_file():
        loaded = load_suite(path.resolve().parent, (path.resolve().name,), strict=strict)
    else:
        loaded = load_suite(path or suite, task_ids, strict=strict)
    report_loading(loaded)
    return loaded


def report_loading(loaded: Suite) -> None:
    """On stderr: each loaded task's notices, then each task that did not load, and why."""
    for task in loaded.tasks:
        for notice in task.notices:
            click.echo(f"note: {notice}", err=True)
    if loaded.problems:
        click.echo(f"{len(loaded.problems)} task(s) not loaded:", err=True)
        for problem in loaded.problems:
            click.echo(problem, err=True)


def loadable_task_ids(suite: str) -> tuple[str, ...]:
    """The tasks of ``suite`` to run when none are named; the others are reported.

    ``()`` (all) when every task loads, so a run keeps its identity for resuming.

    Raises:
        TaskSpecError: No task of the suite loads.
    """
    loaded = load_suite(suite, strict=False)
    if not loaded.problems:
        return ()
    report_loading(loaded)
    return tuple(t.id for t in loaded.tasks)


@click.group()
def tasks() -> None:
    """List, check and import task suites (tasks/<suite>/<task>/)."""


@tasks.command(name="list")
@click.option("--suite", default=DEFAULT_SUITE, help="Suite name under tasks/, or a suite folder.")
@PATH_OPTION
@STRICT_OPTION
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list instead of a table.")
@click.option(
    "--markdown", is_flag=True, help="Print the bucket and family tables (as in tasks/README.md)."
)
def list_tasks(suite: str, path: Path | None, strict: bool, as_json: bool, markdown: bool) -> None:
    """One row per task: id, family, human minutes, source, doubling bucket, isolation.

    A task whose agent works as root (`[agent] user = "root"`) is marked weakly isolated: such
    an agent could change what the verifier runs with. A task without human time (a Harbor
    task may have none) is listed as untimed: it runs, but stays out of horizon fits. Tasks
    that do not load, or ask for what horizon cannot do here, are named on stderr with why.

    \b
    Examples:
      horizon tasks list --suite core --json | jq length
      horizon tasks list --path path/to/harbor-dataset

    Exit codes: 0 listed; 2 no task loads (or, with --strict, some task does not).
    """
    loaded = load_tasks(suite, path, strict)
    if markdown:
        click.echo(bucket_table(loaded), nl=False)
        return
    rows = [
        {
            "task_id": t.id,
            "family": t.family,
            "human_minutes": t.human_minutes,
            "source": t.human_source,
            "junior_minutes": t.config.metadata.junior_time_estimate_min,
            "rationale": t.config.human.rationale if t.config.human else None,
            "estimates": [e.model_dump() for e in t.config.human.estimates]
            if t.config.human
            else [],
            "suite": t.suite,
            "bucket": bucket_label(t.human_minutes),
            "agent_user": t.config.agent.user,
            "weakly_isolated": t.weakly_isolated,
            "notices": list(t.notices),
        }
        for t in sorted(loaded.tasks, key=lambda t: t.human_minutes or math.inf)
    ]
    if as_json:
        click.echo(json.dumps(rows, indent=2))
        return
    click.echo(f"{'task':<40} {'family':<22} {'minutes':>8}  {'source':<16} {'bucket':<12} note")
    for r in rows:
        minutes = "-" if r["human_minutes"] is None else f"{r['human_minutes']:.1f}"
        click.echo(
            f"{r['task_id']:<40} {r['family']:<22} {minutes:>8}  "
            f"{r['source']:<16} {r['bucket']:<12} "
            f"{'weakly isolated (agent is root)' if r['weakly_isolated'] else ''}".rstrip()
        )
    weak = sum(t.weakly_isolated for t in loaded.tasks)
    untimed = sum(t.human_minutes is None for t in loaded.tasks)
    click.echo(
        f"{len(rows)} tasks in suite {loaded.name!r}"
        + (f"; {weak} weakly isolated (agent works as root)" if weak else "")
        + (f"; {untimed} tasks without human time: not in the fit" if untimed else "")
        + (f"; {len(loaded.problems)} not loaded" if loaded.problems else ""),
        err=True,
    )


@tasks.command(name="check")
@click.option("--suite", default=DEFAULT_SUITE, help="Suite name under tasks/.")
@PATH_OPTION
@STRICT_OPTION
@click.argument("task_ids", nargs=-1)
@click.option(
    "--max-sandboxes",
    type=click.IntRange(min=1),
    default=None,
    help="Sandboxes at once [default: Inspect's, sized to the machine].",
)
@IMAGE_MAP_OPTION
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list instead of a table.")
def check(
    suite: str,
    path: Path | None,
    strict: bool,
    task_ids: tuple[str, ...],
    max_sandboxes: int | None,
    image_map: dict[str, str],
    as_json: bool,
) -> None:
    """Check tasks: only the work earns the reward.

    Builds each task's image, then runs three agents through real sandboxes and the real
    verifier, tasks in parallel: the oracle (the reference solution) must succeed; the null
    agent (does nothing) and the adversary (tries every generic reward hack on the grader,
    never does the task) must fail. A task the adversary passes is reported with the attacks
    that fired. A task without solution/ (Harbor makes it optional) is checked by the null
    agent and the adversary alone. Tasks that do not load are named on stderr and skipped.

    Each task that passes is recorded in results/check-records/ (keyed by the task's content
    hash, its image and this Docker engine): `horizon run` runs only tasks whose check passed
    on this machine as they are now; edit a task, or rebuild its image, and check it again.

    \b
    Examples:
      horizon tasks check --suite smoke
      horizon tasks check --suite core fix-csv-quoting
      horizon tasks check --path path/to/harbor-task-folder
      horizon tasks check --path DATASET --image-map postgres:16=mirror.lab/postgres:16

    Exit codes: 0 every loaded task passed; 1 some task failed its check; 2 no task loads (or,
    with --strict, some task does not).
    """
    from harness.run import CHECK_RECORDS_DIR, check_tasks

    loaded = load_tasks(suite, path, strict, task_ids)
    specs = {t.id: t for t in loaded.tasks}
    checks = check_tasks(
        loaded.path,
        tuple(specs),
        max_sandboxes=max_sandboxes,
        display="none" if as_json else "rich",
        image_map=image_map,
    )
    passed = {c.task_id: c.ok for c in checks}
    if as_json:
        click.echo(
            json.dumps(
                [
                    {
                        "task_id": c.task_id,
                        "outcomes": {agent: str(o) for agent, o in c.outcomes.items()},
                        "has_solution": specs[c.task_id].has_solution,
                        "attacks_fired": list(c.attacks_fired),
                        "ok": passed[c.task_id],
                        "detail": c.detail,
                        "record": None if c.record is None else str(c.record),
                    }
                    for c in checks
                ],
                indent=2,
            )
        )
    else:
        click.echo(f"{'task':<40} {'oracle':<12} {'null':<12} {'adversary':<12} ok")
        for c in checks:
            oracle = c.oracle_outcome if specs[c.task_id].has_solution else "no solution"
            click.echo(
                f"{c.task_id:<40} {oracle:<12} {c.null_outcome:<12} "
                f"{c.adversary_outcome:<12} {'yes' if passed[c.task_id] else 'NO'}"
            )
        for c in checks:
            if not passed[c.task_id]:
                click.echo(f"\n{c.task_id}:\n{c.detail}", err=True)
        not_loaded = f"; {len(loaded.problems)} not loaded" if loaded.problems else ""
        click.echo(f"{sum(passed.values())}/{len(checks)} tasks passed{not_loaded}", err=True)
        if any(passed.values()):
            click.echo(f"recorded in {CHECK_RECORDS_DIR}: `horizon run` runs them", err=True)
    sys.exit(ExitCode.OK if all(passed.values()) else ExitCode.FAILED)


@tasks.command(name="import")
@click.argument("source", type=click.Path(exists=True, path_type=Path))
@click.option("--suite", "name", required=True, help="Name of the new suite (tasks/NAME/).")
@click.option(
    "--tasks-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=TASKS_DIR,
    show_default=True,
    help="Where suites live.",
)
def import_tasks(source: Path, name: str, tasks_dir: Path) -> None:
    """Copy a Harbor dataset into a new suite, saying what was kept, mapped and unsupported.

    SOURCE is a folder of Harbor task folders (a git checkout of a dataset repository is one),
    or a Harbor dataset.toml (or a folder holding one) whose [[tasks]] are found beside it.
    Tasks horizon can run are copied unchanged into tasks/NAME/ with a generated suite.toml;
    the others are named with why, and not copied.

    \b
    Example:
      horizon tasks import ~/src/terminal-bench-2/tasks --suite tb2
      horizon tasks check --suite tb2

    Exit codes: 0 imported; 2 no task can be imported, or the suite exists.
    """
    report = import_dataset(source, name, tasks_dir)
    for task in report.tasks:
        click.echo(f"{task.status:<12} {task.id}")
        for note in task.notes:
            click.echo(f"             {note}")
    counts = ", ".join(
        f"{report.count(status)} {status}"
        for status in ("kept", "mapped", "unsupported", "invalid", "not found")
        if report.count(status)
    )
    click.echo(f"{report.suite_dir}: {counts}", err=True)
