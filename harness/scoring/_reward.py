"""Reading the verifier's reward file, and turning a reward into an outcome."""

import json
import math
from typing import Any

from harness.outcome import Outcome

MEAN_KEYS = ("reward", "mean")
"""``[verifier] reward_key`` values that, absent from ``reward.json``, mean "the mean of its
numeric keys": the default key (Harbor's convention) and the explicit aggregate."""


def _json_reward(data: Any, key: str) -> Any:
    """The reward in parsed ``reward.json``: a bare number, or ``key`` of named rewards.

    Harbor's multi-key form is an object whose numeric, non-boolean values are the rewards.
    """
    if not isinstance(data, dict):
        return data
    rewards = {
        name: value
        for name, value in data.items()
        if isinstance(value, int | float) and not isinstance(value, bool)
    }
    if key in data:
        return data[key]
    if key in MEAN_KEYS and rewards:
        return sum(rewards.values()) / len(rewards)
    raise ValueError(
        f"no key {key!r} among {sorted(data)} ([verifier] reward_key names the key that decides)"
    )


def parse_reward(text: str, *, json_format: bool, key: str = "reward") -> float:
    """The reward in ``reward.txt`` (a number) or ``reward.json``.

    Args:
        text: The file's text.
        json_format: Whether it is ``reward.json``.
        key: Which key of a multi-key ``reward.json`` decides (``[verifier] reward_key``); when
            it is ``reward`` or ``mean`` and absent, the mean of the file's numeric keys.

    Raises:
        ValueError: The file does not hold one finite number under ``key``.
    """
    value = _json_reward(json.loads(text), key) if json_format else text.strip()
    reward = float(value)
    if not math.isfinite(reward):
        raise ValueError(f"reward is not finite: {reward}")
    return reward


def outcome_for(reward: float, threshold: float) -> Outcome:
    """``success`` when the reward reaches the task's threshold, else ``failure``."""
    return Outcome.SUCCESS if reward >= threshold else Outcome.FAILURE
