"""The ``horizon`` click group: commands load on demand; known failures become one message.

A command's module is imported only when that command runs (or shows its own ``--help``), so
``horizon --help`` and a light command such as ``horizon compare`` never pay for Inspect,
pandas or numpy. The group's own help lists the commands from :data:`COMMANDS`, whose one-line
summaries are kept equal to each command's docstring by a unit test.
"""

import importlib
import sys
from dataclasses import dataclass
from typing import Any

import click

from harness import __version__
from harness.errors import ExitCode, HorizonError

EXIT_CODES_EPILOG = (
    "Exit codes: 0 did the job and the answer is fine; 1 did the job and the answer is no "
    "(a regression, a task that fails its check); 2 could not do the job (bad input, Docker "
    "missing); 3 did part of the job (`horizon run`: samples still without a verdict after "
    "every retry; rerun to retry them); 130 interrupted."
)


@dataclass(frozen=True)
class LazyCommand:
    """Where a command lives, and its summary for the group's help (so listing imports nothing)."""

    module: str
    """Module path, e.g. ``harness.cli.run``."""
    attr: str
    """The click command's name in that module."""
    summary: str
    """The first line of the command's docstring."""


COMMANDS: dict[str, LazyCommand] = {
    "setup": LazyCommand(
        "harness.cli.setup",
        "setup",
        "Make this machine ready to run sandboxes; safe to run any number of times.",
    ),
    "tasks": LazyCommand(
        "harness.cli.tasks", "tasks", "List, check and import task suites (tasks/<suite>/<task>/)."
    ),
    "run": LazyCommand(
        "harness.cli.run",
        "run",
        "Run an agent over a task suite in sandboxes (Docker or Kubernetes); resumable.",
    ),
    "images": LazyCommand(
        "harness.cli.images",
        "images",
        "Push base and task images to a registry under their content-hash tags (Kubernetes).",
    ),
    "report": LazyCommand(
        "harness.cli.report",
        "report",
        "Estimate time horizons (p50, p80, CIs, trend) from runs and write leaderboards.",
    ),
    "export": LazyCommand(
        "harness.cli.export", "export", "Export the runs behind a report as a Hugging Face dataset."
    ),
    "compare": LazyCommand(
        "harness.cli.compare",
        "compare",
        "Compare a candidate's time horizon with a baseline's; exit 1 if it regressed.",
    ),
    "power": LazyCommand(
        "harness.cli.power",
        "power",
        "Simulate the CI gate on a suite: which drop in p50 can `horizon compare` see?",
    ),
    "demo": LazyCommand(
        "harness.cli.demo",
        "demo",
        "Run the whole loop on a built-in suite with built-in agents; no API key needed.",
    ),
    "clean": LazyCommand(
        "harness.cli.clean",
        "clean",
        "Remove horizon's leftover containers, networks and stale run locks; nothing else.",
    ),
    "baseline": LazyCommand(
        "harness.cli.baseline",
        "baseline",
        "Work a task yourself in its sandbox; the time and the verdict become a baseline.",
    ),
}
"""Every ``horizon`` command, in the order ``horizon --help`` lists them."""


class HorizonGroup(click.Group):
    """A click group that loads commands on demand and turns known failures into a message.

    ``HorizonError`` prints ``error: <message>`` and exits with the error's code (no
    traceback); Ctrl-C exits 130; anything else is a bug and keeps its traceback.
    """

    def list_commands(self, ctx: click.Context) -> list[str]:
        """Command names in :data:`COMMANDS` order, then any added eagerly."""
        return [*COMMANDS, *(name for name in self.commands if name not in COMMANDS)]

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """The command ``cmd_name``, importing its module the first time it is asked for."""
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            entry = COMMANDS[cmd_name]
            command = getattr(importlib.import_module(entry.module), entry.attr)
            if not isinstance(command, click.Command):
                raise TypeError(f"{entry.module}.{entry.attr} is not a click command")
            self.add_command(command, cmd_name)
        return self.commands.get(cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The commands section of ``horizon --help``, from the summaries: imports nothing."""
        rows = [(name, COMMANDS[name].summary) for name in COMMANDS]
        rows += [
            (name, cmd.get_short_help_str())
            for name, cmd in self.commands.items()
            if name not in COMMANDS and not cmd.hidden
        ]
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def invoke(self, ctx: click.Context) -> Any:
        """Run the command; a ``HorizonError`` becomes one line on stderr and its exit code."""
        try:
            return super().invoke(ctx)
        except HorizonError as err:
            click.echo(f"error: {err}", err=True)
            sys.exit(err.exit_code)
        except KeyboardInterrupt:
            click.echo("interrupted", err=True)
            sys.exit(ExitCode.INTERRUPTED)


@click.group(cls=HorizonGroup, epilog=EXIT_CODES_EPILOG, context_settings={"show_default": True})
@click.version_option(__version__, prog_name="horizon")
def horizon() -> None:
    """Measure AI agents' time horizons on task suites run in Docker sandboxes.

    \b
    Typical flow:
      horizon setup                                  # Docker Engine + base images
      horizon tasks list --suite core
      horizon run --suite core --model openai/gpt-5 --epochs 3
      horizon report results/runs/ --out results/reports/latest
      horizon demo                                   # the whole loop, no API key
    """


def main() -> None:
    """Console-script entry point."""
    horizon(prog_name="horizon")


if __name__ == "__main__":
    main()
