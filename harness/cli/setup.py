"""`horizon setup`: make the machine ready (Docker Engine, Compose, base images)."""

import time

import click

from harness.errors import ExitCode
from harness.sandbox import (
    base_images,
    build_base_image,
    ensure_engine,
    ensure_userns,
    image_exists,
)


@click.command()
@click.option("--check", is_flag=True, help="Only check; install, start and build nothing.")
@click.option("--rebuild", is_flag=True, help="Rebuild base images even when their tag exists.")
def setup(check: bool, rebuild: bool) -> None:
    """Make this machine ready to run sandboxes; safe to run any number of times.

    Checks Docker Engine (>= 24.0.6) and Compose (>= 2.21); on Debian/Ubuntu as root installs
    them from the OS packages and starts the daemon where missing; elsewhere prints what is
    missing and how to fix it. A daemon horizon starts or installs runs containers in a user
    namespace (container root is not host root); setup says when the daemon does not. Then
    builds the base images in sandboxes/ that are not built yet (with a registry: docker build;
    without: debootstrap from the machine's Debian mirror).

    \b
    Examples:
      horizon setup            # first run: installs and builds; later runs: seconds
      horizon setup --check    # exit 1 when a base image is missing, 2 when Docker is
    """
    started = time.monotonic()
    missing = prepare_machine(check=check, rebuild=rebuild)
    if missing:
        click.echo(f"{missing} base image(s) missing: run `horizon setup` to build them", err=True)
        raise SystemExit(ExitCode.FAILED)
    click.echo(f"ready in {time.monotonic() - started:.1f} s", err=True)


def prepare_machine(*, check: bool = False, rebuild: bool = False) -> int:
    """Docker, its user namespace and the base images, each reported on stderr.

    ``horizon setup``'s work, which ``horizon demo`` does first. Returns how many base images
    are missing (only ``check`` leaves any).
    """
    status = ensure_engine(install=not check)
    click.echo(
        f"Docker Engine {'.'.join(map(str, status.server_version or ()))}, "
        f"Compose {'.'.join(map(str, status.compose_version or ()))}: ok",
        err=True,
    )
    click.echo(ensure_userns(change=not check), err=True)
    missing = 0
    for image in base_images():
        if check:
            present = image_exists(image.tag)
            missing += not present
            click.echo(f"{image.tag}: {'present' if present else 'missing'}", err=True)
            continue
        built = build_base_image(image, force=rebuild)
        click.echo(f"{image.tag}: {'built' if built else 'up to date'}", err=True)
    return missing
