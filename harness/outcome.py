"""How a sample ended: exactly one of four outcomes (DESIGN.md, "Outcomes").

Shared by scoring (which decides) and the runs table (which reads); imports nothing heavy.
"""

from enum import StrEnum


class Outcome(StrEnum):
    """How a run ended; only ``success`` and ``failure`` enter a horizon fit."""

    SUCCESS = "success"
    """The verifier ran and the reward met the task's threshold."""
    FAILURE = "failure"
    """The verifier ran and the reward fell short."""
    INFRA_ERROR = "infra_error"
    """The sandbox, verifier or harness broke: retried, never counted as a model failure."""
    UNSCORED = "unscored"
    """The run finished but carries no usable score."""


SCORED_OUTCOMES: frozenset[Outcome] = frozenset({Outcome.SUCCESS, Outcome.FAILURE})
"""Outcomes that enter a horizon fit; the others are counted and reported, never fitted."""
