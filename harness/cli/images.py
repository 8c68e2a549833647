"""`horizon images push`: base and task images to a registry, for runs on Kubernetes."""

import json
import sys
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from typing import TYPE_CHECKING

import click

from harness._paths import DEFAULT_SUITE
from harness.errors import HorizonError, SetupError, TaskSpecError

if TYPE_CHECKING:
    from harness.sandbox import ImagePush, TaskImageBuild
    from harness.suite import TaskSpec

SCHEMA_VERSION = 1
MAX_PARALLEL_PUSHES = 4
"""Pushes at once: task images share their base image's layers, which the registry takes once."""


@click.group()
def images() -> None:
    """Push base and task images to a registry under their content-hash tags (Kubernetes)."""


@images.command()
@click.option(
    "--registry",
    envvar="HORIZON_REGISTRY",
    required=True,
    help="Registry (and optional path) to push to, e.g. registry.lab:5000/evals.",
)
@click.option(
    "--suite",
    "suites",
    multiple=True,
    default=(DEFAULT_SUITE,),
    help="Suite under tasks/, or a suite folder (repeatable).",
)
@click.option("--task", "tasks", multiple=True, help="Only this task id (repeatable).")
@click.option(
    "--dry-run", is_flag=True, help="Only list what would be pushed, and where; touch nothing."
)
@click.option("--json", "as_json", is_flag=True, help="Print the images as one JSON document.")
def push(
    registry: str, suites: tuple[str, ...], tasks: tuple[str, ...], dry_run: bool, as_json: bool
) -> None:
    """Push the suites' base and task images to a registry under their content-hash tags.

    The tags are the ones this machine builds (horizon-<base>:<hash>,
    horizon-task-<suite>-<id>:<hash>), under REGISTRY: what `horizon run --sandbox k8s
    --registry REGISTRY` looks for, and refuses to start without. Missing task images are
    built first (base images come from `horizon setup`). Pushing an image the registry
    already has sends no layers again.

    \b
    Examples:
      horizon images push --registry localhost:5001 --suite smoke --dry-run
      horizon images push --registry registry.lab:5000/evals --suite core --suite smoke

    Exit codes: 0 every image pushed (or listed, with --dry-run); 2 an image is missing and
    did not build, or a push failed (docker's message says why).
    """
    from harness.sandbox import push_plan
    from harness.suite import load_suite

    specs = [spec for suite in suites for spec in load_suite(suite, tasks).tasks]
    plan = push_plan(specs, registry)
    if not dry_run:
        _build_missing(specs)
        _push_all(plan)
    if as_json:
        document = {
            "schema_version": SCHEMA_VERSION,
            "registry": registry,
            "dry_run": dry_run,
            "images": [
                {"kind": p.kind, "task_id": p.task_id, "source": p.source, "target": p.target}
                for p in plan
            ],
        }
        click.echo(json.dumps(document, indent=2))
        return
    verb = "would push" if dry_run else "pushed"
    for p in plan:
        click.echo(f"{verb} {p.source} -> {p.target}")


def _progress(done: int, total: int, result: "TaskImageBuild") -> None:
    if result.built or result.error is not None or done == total:
        state = "FAILED" if result.error is not None else "ready"
        print(f"task images: {done}/{total} {result.task_id} {state}", file=sys.stderr)


def _build_missing(specs: "Sequence[TaskSpec]") -> None:
    """Build the task images this machine lacks (progress on stderr), or raise naming each."""
    from harness.sandbox import build_task_images

    results = build_task_images(specs, progress=_progress)
    failed = [r for r in results if r.error is not None]
    if failed:
        details = "\n\n".join(f"{r.task_id}: {r.error}" for r in failed)
        raise TaskSpecError(
            f"{len(failed)} task image(s) did not build, nothing was pushed:\n\n{details}"
        )


def _push_all(plan: "Sequence[ImagePush]") -> None:
    """Push base images first (task images share their layers), then task images in parallel.

    Raises:
        SetupError: Some pushes failed; each is named with docker's message.
    """
    from harness.sandbox import push_image

    errors: list[str] = []
    for kind in ("base", "task"):
        batch = [p for p in plan if p.kind == kind]
        with ThreadPoolExecutor(max_workers=MAX_PARALLEL_PUSHES) as pool:
            futures = {pool.submit(push_image, p): p for p in batch}
            for done, future in enumerate(as_completed(futures), start=1):
                p = futures[future]
                try:
                    future.result()
                except HorizonError as err:
                    errors.append(str(err))
                    line = f"{p.target} FAILED"
                else:
                    line = p.target
                print(f"push {kind} images: {done}/{len(batch)} {line}", file=sys.stderr)
    if errors:
        raise SetupError(
            f"{len(errors)} of {len(plan)} images did not push:\n\n" + "\n\n".join(errors)
        )
