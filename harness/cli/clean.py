"""`horizon clean`: remove what runs that are no longer running left behind."""

from pathlib import Path

import click

from harness._paths import RESULTS_DIR


@click.command()
@click.option(
    "--all-unlabelled",
    is_flag=True,
    help="Also remove running horizon containers that belong to no `horizon run` "
    "(`tasks check`, plain `inspect eval`): only when none of those is running.",
)
@click.option("--dry-run", is_flag=True, help="Only list what would be removed.")
def clean(all_unlabelled: bool, dry_run: bool) -> None:
    """Remove horizon's leftover containers, networks and stale run locks; nothing else.

    Every sandbox horizon starts is labelled dev.horizon.managed=true and, under `horizon
    run`, dev.horizon.run=<log folder>. A container goes when its run is not running (its log
    folder's lock is free); a container of no run goes when it has stopped (or, with
    --all-unlabelled, even when running). Networks horizon made go once unused. Containers and
    images of anything else are never touched.

    \b
    Examples:
      horizon clean --dry-run
      horizon clean
    """
    from harness.run import LOCK_FILE, run_is_live
    from harness.sandbox import horizon_containers, remove_containers

    found = horizon_containers()
    running = set(horizon_containers(running_only=True))
    doomed = [
        cid
        for cid, run in found.items()
        if (run and not run_is_live(Path(run)))
        or (not run and (all_unlabelled or cid not in running))
    ]
    stale_locks = [
        lock
        for lock in sorted((RESULTS_DIR / "runs").glob(f"**/{LOCK_FILE}"))
        if not run_is_live(lock.parent)
    ]
    kept = len(found) - len(doomed)
    if dry_run:
        for cid in doomed:
            click.echo(f"would remove container {cid} (run: {found[cid] or 'none'})")
        for lock in stale_locks:
            click.echo(f"would remove stale lock {lock}")
        return
    removed = remove_containers(doomed)
    for lock in stale_locks:
        lock.unlink(missing_ok=True)
    click.echo(
        f"removed {removed} container(s) and {len(stale_locks)} stale lock(s); kept {kept} "
        "container(s) of live runs",
        err=True,
    )
