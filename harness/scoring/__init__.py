"""Scoring stage: the verifier's reward -> an ``Outcome``."""

from harness.outcome import Outcome

from ._reward import outcome_for, parse_reward
from ._verifier import VerifierError, verifier, verify

__all__ = ["Outcome", "VerifierError", "outcome_for", "parse_reward", "verifier", "verify"]
