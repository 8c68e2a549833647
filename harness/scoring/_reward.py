"""Reading the verifier's reward file, and turning a reward into an outcome."""

import json
import math

from harness.outcome import Outcome


def parse_reward(text: str, *, json_format: bool) -> float:
    """The reward in ``reward.txt`` (a number) or ``reward.json`` (``{"reward": x}``).

    Raises:
        ValueError: The file does not hold one finite number.
    """
    if json_format:
        data = json.loads(text)
        value = data.get("reward") if isinstance(data, dict) else data
    else:
        value = text.strip()
    reward = float(value)  # type: ignore[arg-type]
    if not math.isfinite(reward):
        raise ValueError(f"reward is not finite: {reward}")
    return reward


def outcome_for(reward: float, threshold: float) -> Outcome:
    """``success`` when the reward reaches the task's threshold, else ``failure``."""
    return Outcome.SUCCESS if reward >= threshold else Outcome.FAILURE
