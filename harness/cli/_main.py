"""The ``horizon`` click group and the error handling every command shares."""

import sys
from typing import Any

import click

from harness import __version__
from harness.errors import ExitCode, HorizonError

from .baseline import baseline
from .compare import compare
from .demo import demo
from .report import report
from .run import run
from .setup import setup
from .tasks import tasks

EXIT_CODES_EPILOG = (
    "Exit codes: 0 did the job and the answer is fine; 1 did the job and the answer is no "
    "(a regression, a task that fails its check); 2 could not do the job (bad input, Docker "
    "missing); 130 interrupted."
)


class HorizonGroup(click.Group):
    """A click group that turns known failures into one message and an exit code."""

    def invoke(self, ctx: click.Context) -> Any:
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


for command in (setup, tasks, run, report, compare, demo, baseline):
    horizon.add_command(command)


def main() -> None:
    """Console-script entry point."""
    horizon(prog_name="horizon")


if __name__ == "__main__":
    main()
