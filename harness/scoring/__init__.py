"""Scoring stage: the verifier's reward -> an ``Outcome``."""

from harness.outcome import Outcome

from ._attribution import sandbox_broken_by_agent
from ._reward import outcome_for, parse_reward
from ._steps import (
    PENDING_KEY,
    SKIPPED_KEY,
    STEPS_KEY,
    aggregate_rewards,
    combined_verdict,
    step_verdict,
    stops_after,
)
from ._verifier import (
    SANDBOX_BROKEN_KEY,
    VerifierError,
    grading_helpers,
    hide_grading,
    verifier,
    verify,
)

__all__ = [
    "PENDING_KEY",
    "SANDBOX_BROKEN_KEY",
    "SKIPPED_KEY",
    "STEPS_KEY",
    "aggregate_rewards",
    "combined_verdict",
    "hide_grading",
    "step_verdict",
    "stops_after",
    "Outcome",
    "VerifierError",
    "grading_helpers",
    "outcome_for",
    "parse_reward",
    "sandbox_broken_by_agent",
    "verifier",
    "verify",
]
