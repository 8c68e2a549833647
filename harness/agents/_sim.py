"""``sim``: a simulated agent with a known time horizon, to check the pipeline against truth.

It succeeds on a task of ``t`` human minutes with probability
``1 / (1 + 2 ** (slope * (log2(t) - log2(horizon))))`` — exactly 50% at ``t = horizon`` — by
running the reference solution in the sandbox; otherwise it leaves the task unsolved. It goes
through the same sandbox and verifier as any agent. Every draw is a hash of
``(seed, task, epoch)``, so reruns and resumed runs make the same choices.
"""

import hashlib
import math

import numpy as np
from inspect_ai.agent import Agent, AgentState, agent
from inspect_ai.model import ChatMessageAssistant

from ._context import current_epoch, current_task
from ._oracle import run_reference_solution


def success_probability(
    human_minutes: float, horizon: float, slope: float, difficulty: float = 0.0
) -> float:
    """P(success) on a task; ``difficulty`` shifts the task's log2 length (doublings)."""
    exponent = slope * (math.log2(human_minutes) + difficulty - math.log2(horizon))
    return float(1.0 / (1.0 + 2.0**exponent))


def _seeded_rng(*key: object) -> np.random.Generator:
    digest = hashlib.sha256(repr(key).encode()).digest()
    return np.random.default_rng(int.from_bytes(digest[:8], "little"))


def sim_alias(horizon: float) -> str:
    """How a sim agent shows in reports, e.g. ``sim/h=30m``."""
    return f"sim/h={horizon:g}m"


@agent
def sim(horizon: float, slope: float = 0.6, seed: int = 0, noise: float = 0.0) -> Agent:
    """Simulated agent of known horizon.

    Args:
        horizon: The true 50% horizon, in human minutes.
        slope: Steepness: how much the odds fall per doubling of task length.
        seed: Seed for the per-task and per-attempt draws.
        noise: Standard deviation (in doublings) of a per-task difficulty offset.
    """
    if horizon <= 0 or slope <= 0 or noise < 0:
        raise ValueError(
            f"sim needs horizon > 0, slope > 0 and noise >= 0 (got horizon={horizon}, "
            f"slope={slope}, noise={noise})"
        )

    async def execute(state: AgentState) -> AgentState:
        spec = current_task()
        if spec.human_minutes is None:
            raise ValueError(
                f"sim: task {spec.id!r} has no human time, so no success probability; give "
                "it [human] minutes, or run sim on timed tasks only"
            )
        difficulty = noise * _seeded_rng(seed, spec.id, "difficulty").standard_normal()
        p = success_probability(spec.human_minutes, horizon, slope, difficulty)
        draw = _seeded_rng(seed, spec.id, current_epoch(), "attempt").random()
        if draw < p:
            report = await run_reference_solution()
            note = f"p={p:.3f}, draw={draw:.3f}: solving.\n{report}"
        else:
            note = f"p={p:.3f}, draw={draw:.3f}: leaving the task unsolved."
        state.messages.append(ChatMessageAssistant(content=note))
        return state

    return execute
