"""Scoring stage: the verifier's reward -> an ``Outcome``."""

from harness.outcome import Outcome

from ._attribution import sandbox_broken_by_agent
from ._reward import outcome_for, parse_reward
from ._verifier import SANDBOX_BROKEN_KEY, VerifierError, grading_helpers, verifier, verify

__all__ = [
    "SANDBOX_BROKEN_KEY",
    "Outcome",
    "VerifierError",
    "grading_helpers",
    "outcome_for",
    "parse_reward",
    "sandbox_broken_by_agent",
    "verifier",
    "verify",
]
