"""Placeholder for a command whose issue has not landed: says so and exits 2."""

import sys

import click

from harness.errors import ExitCode


def pending_command(name: str, summary: str, issue: int) -> click.Command:
    """Make a command that explains it is not implemented yet and exits 2."""

    @click.command(
        name=name,
        help=f"{summary}\n\nNot implemented yet (issue #{issue}); exits 2.",
        context_settings={"ignore_unknown_options": True, "allow_extra_args": True},
    )
    def command() -> None:
        click.echo(f"horizon {name}: not implemented yet (issue #{issue}).", err=True)
        sys.exit(ExitCode.ERROR)

    return command
