"""Multi-step tasks (Harbor's ``[[steps]]``): one verdict per step, one score per sample.

What Harbor does (``harbor.trial`` and ``models/task/config.py``, schema 1.1+; its docs page
"Multi-step Tasks"):

* A task declares ordered ``[[steps]]``; each has a folder ``steps/<name>/`` with its own
  ``instruction.md`` (required), ``tests/`` (layered over the task's ``tests/``: the task's
  files are uploaded to ``/tests`` first, the step's over them, so its ``test.sh`` wins) and
  optionally ``solution/solve.sh`` (the oracle runs the step's solution). The task's top-level
  ``instruction.md`` is not sent.
* The environment is built and started once; the steps run in order in it. Per step: the agent
  runs on the step's instruction (a new agent run: files persist, the conversation does not),
  with ``[steps.agent]`` over ``[agent]`` (``timeout_sec``, ``user``); then that step's
  verifier, with ``[steps.verifier]`` over ``[verifier]``. Each step's result is kept.
* ``min_reward``: when a step's reward is below it (a missing result counts as -inf), the
  remaining steps are skipped. A table gates per key of ``reward.json``.
* ``multi_step_reward_strategy``: ``mean`` (the default) is the mean over the steps that
  produced a verifier result (per key; a missing key counts 0); ``final`` is the last step's
  result as it is.

What horizon does:

* One Inspect sample, one sandbox. ``harness.run``'s ``run_agent`` runs the turns: step ``k``'s
  instruction is the conversation's only user message (a fresh context, as in Harbor; the
  sample's message list keeps every turn for the log), under the step's time limit
  (``[steps.agent] timeout_sec``, else ``[agent]``'s, times ``--time-multiplier``). ``oracle``
  (and ``sim`` when it solves) runs the step's ``solution/solve.sh``, else the task's; ``null``
  and ``adversary`` behave on every turn as on a single-step task.
* After each turn the step's verifier runs under the same protocol as a single-step task's
  (``_verifier.verify``): the agent's processes killed first, ``/tests`` made anew (root-only)
  from the task's ``tests/`` plus the step's, graded, every process killed again. Then
  :func:`~._verifier.hide_grading` removes ``/tests``, the verifier's scratch folder and its
  reward before the next turn, so no turn ever sees any step's tests or verdict.
* Files persist from turn to turn, processes do not: the verifier protocol kills every
  process before and after grading, so a server the agent started in one step is gone in the
  next (in Harbor it would still run). A task that relies on that fails here; none known does.
* A step's own time limit ends only its turn (the step is graded, as in Harbor). A sample-wide
  limit (Inspect's time, token or message limits) ends the sample mid-turn: the scorer grades
  that pending step (:data:`PENDING_KEY`), and the steps never reached count as reward 0.
* ``min_reward`` (one number) gates on the step's reward as ``[verifier] reward_key`` reads
  it; per-key tables, per-step users and per-step folders (``workdir/``) are refused per task
  (``harness.suite._support``).
* The sample's reward is :func:`aggregate_rewards` of the steps that ran, its outcome that
  reward against ``[verifier] reward_threshold``; every step's verdict is in the score's
  metadata (``Verdict.steps``, ``Verdict.skipped_steps``).
* Attribution is unchanged: a step whose verifier cannot give a verdict raises
  ``VerifierError`` and the whole sample is an ``infra_error`` (retried); what the agent did
  to its sandbox fails the step (and so, below ``min_reward``, the rest).
* Human time is the task's total (``[human]`` or ``expert_time_estimate_min``): horizon fits
  the whole task, not its steps.

Pure functions here; the turn loop is in ``harness.run._task`` (it imports this module).
"""

from collections.abc import Sequence
from typing import Literal

from inspect_ai.scorer import Score

from harness.handover import StepVerdict, Verdict
from harness.outcome import Outcome
from harness.suite import StepSpec, TaskSpec

from ._reward import outcome_for

RewardStrategy = Literal["mean", "final"]
DEFAULT_STRATEGY: RewardStrategy = "mean"
"""Harbor's default when a multi-step task sets no ``multi_step_reward_strategy``."""

STEPS_KEY = "horizon_steps"
"""Sample metadata the turn loop fills: each graded step's :class:`StepVerdict`, as JSON."""
PENDING_KEY = "horizon_pending_step"
"""Sample metadata: the step whose turn ran (or is running) but is not graded yet. Set when a
sample-wide limit ended the sample mid-turn; the scorer grades that step then."""
SKIPPED_KEY = "horizon_skipped_steps"
"""Sample metadata: the names of steps skipped after a step fell below its ``min_reward``."""


def aggregate_rewards(rewards: Sequence[float], strategy: RewardStrategy) -> float:
    """The sample's reward from its steps' rewards, as Harbor rolls them up.

    Args:
        rewards: The reward of every step that was graded, in order (skipped steps have none
            and are left out, as Harbor leaves out steps without a verifier result).
        strategy: ``mean`` of them, or the ``final`` one.

    Raises:
        ValueError: No step was graded, or an unknown strategy.
    """
    if not rewards:
        raise ValueError("no step was graded: there is no reward to aggregate")
    if strategy == "mean":
        return sum(rewards) / len(rewards)
    if strategy == "final":
        return rewards[-1]
    raise ValueError(f"unknown multi_step_reward_strategy {strategy!r} (expected mean or final)")


def stops_after(step: StepSpec, reward: float) -> bool:
    """Whether the remaining steps are skipped: ``reward`` is below the step's ``min_reward``."""
    return isinstance(step.min_reward, int | float) and reward < step.min_reward


def step_verdict(step: StepSpec, score: Score) -> StepVerdict:
    """One step's verdict, from the score ``_verifier.verify`` gave it."""
    verdict = Verdict.from_metadata(score.metadata, f"step {step.name!r}")
    return StepVerdict(
        name=step.name,
        outcome=verdict.outcome,
        reward=verdict.reward,
        reward_file=verdict.reward_file,
        verifier_exit_code=verdict.verifier_exit_code,
        cause=verdict.cause,
    )


NOT_REACHED = "not reached: the sample ended (a sample-wide limit) before this step's turn"


def combined_verdict(
    spec: TaskSpec, graded: Sequence[StepVerdict], skipped: Sequence[str] = ()
) -> Verdict:
    """The sample's verdict: the steps' aggregate reward against the task's threshold.

    Args:
        spec: The task.
        graded: The verdicts of the steps that were graded, in order.
        skipped: The steps skipped by a ``min_reward`` (left out, as in Harbor).

    A step neither graded nor skipped was never reached (a limit of the whole sample ended
    it): it counts as a failed step with reward 0, so an unfinished sample never scores as
    if its remaining steps did not exist.

    Raises:
        ValueError: No step was graded.
    """
    if not graded:
        raise ValueError("no step was graded: there is no reward to aggregate")
    done = {s.name for s in graded} | set(skipped)
    steps = [
        *graded,
        *(
            StepVerdict(
                name=step.name,
                outcome=Outcome.FAILURE,
                reward=0.0,
                reward_file="",
                verifier_exit_code=-1,
                cause=NOT_REACHED,
            )
            for step in spec.steps
            if step.name not in done
        ),
    ]
    strategy = spec.config.multi_step_reward_strategy or DEFAULT_STRATEGY
    reward = aggregate_rewards([s.reward for s in steps], strategy)
    threshold = spec.config.verifier.reward_threshold
    causes = [f"step {s.name!r}: {s.cause}" for s in steps if s.cause]
    return Verdict(
        outcome=outcome_for(reward, threshold),
        reward=reward,
        reward_file=steps[-1].reward_file,
        reward_threshold=threshold,
        verifier_exit_code=steps[-1].verifier_exit_code,
        cause="; ".join(causes) or None,
        steps=tuple(steps),
        skipped_steps=tuple(skipped),
        reward_strategy=strategy,
    )


def explain(verdict: Verdict) -> str:
    """One line per step for the score's explanation, then the aggregate."""
    lines = [f"step {s.name}: reward {s.reward:g} ({s.outcome})" for s in verdict.steps]
    lines += [
        f"step {name}: skipped (an earlier step fell below min_reward)"
        for name in verdict.skipped_steps
    ]
    lines.append(f"{verdict.reward_strategy} of {len(verdict.steps)} step(s): {verdict.reward:g}")
    return "\n".join(lines)
