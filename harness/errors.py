"""Exceptions and exit codes shared by every stage.

Exception tree::

    HorizonError            a known failure: print one message, no traceback
    ├── InputError          bad user input (files, options, runs tables)      -> exit 2
    ├── TaskSpecError       a task folder that does not validate             -> exit 2
    │   └── TaskUnsupportedError  it asks for what horizon cannot do here
    ├── SetupError          Docker missing, too old, or not running          -> exit 2
    └── InfraError          the sandbox, verifier or harness broke: the sample is
                            recorded as ``infra_error``, never a model failure

Unexpected exceptions are bugs and keep their traceback.
"""

from enum import IntEnum


class ExitCode(IntEnum):
    """Process exit codes, the same for every command (as GNU diff and grep use them)."""

    OK = 0
    """Did the job, and the answer is "fine"."""
    FAILED = 1
    """Did the job, and the answer is "no": a regression, a task that fails its check."""
    ERROR = 2
    """Could not do the job: bad usage, unreadable input, Docker missing."""
    INCOMPLETE = 3
    """Did part of the job: some samples have no verdict (infra errors, unbuilt images) after
    every retry; running the same command again retries just those."""
    INTERRUPTED = 130
    """Stopped by Ctrl-C."""


class HorizonError(Exception):
    """A known failure, reported as one message without a traceback."""

    exit_code: ExitCode = ExitCode.ERROR


class InputError(HorizonError):
    """Bad input: a file, option or table the user gave cannot be used."""


class TaskSpecError(HorizonError):
    """A task folder does not validate; the message names file, field and fix."""


class TaskUnsupportedError(TaskSpecError):
    """A valid task asks for what horizon cannot do here (GPUs, multi-step, ...)."""


class SetupError(HorizonError):
    """The machine is not ready (Docker Engine missing, too old, or not running)."""


class InfraError(HorizonError):
    """The sandbox, the verifier or the harness broke; never a model failure."""
