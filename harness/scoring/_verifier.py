"""The verifier scorer: run a task's ``tests/test.sh`` in the sandbox after the agent stops.

Order matters for integrity: the harness first deletes ``/tests`` and ``/logs/verifier`` (so an
agent cannot pre-write a reward or edit the tests), then copies ``tests/`` in fresh, runs
``test.sh`` with the verifier timeout, and reads the reward it wrote.

When the verifier cannot give a verdict (no or garbled reward, timeout, dead container, exec
error) the scorer raises ``VerifierError``: Inspect records the sample as errored and retries it
(``retry_on_error``), and the runs table reads an errored sample as ``infra_error`` — never a
model failure.
"""

from inspect_ai.scorer import Score, Scorer, Target, mean, scorer, stderr
from inspect_ai.solver import TaskState
from inspect_ai.util import SandboxEnvironment, sandbox

from harness.errors import InfraError
from harness.sandbox import copy_folder_into
from harness.suite import TaskSpec, load_task_cached

from ._reward import outcome_for, parse_reward

TESTS_PATH = "/tests"
VERIFIER_LOGS = "/logs/verifier"
OUTPUT_TAIL_CHARS = 4000
"""How much of the verifier's output the score keeps."""
HOUSEKEEPING_TIMEOUT_SEC = 120


class VerifierError(InfraError):
    """The verifier could not give a verdict; the sample is an ``infra_error``."""


def _tail(stdout: str, stderr: str) -> str:
    return (stdout + ("\n[stderr]\n" + stderr if stderr.strip() else ""))[-OUTPUT_TAIL_CHARS:]


async def _read_reward(box: SandboxEnvironment) -> tuple[float, str]:
    problems = []
    for name, json_format in (("reward.txt", False), ("reward.json", True)):
        try:
            text = await box.read_file(f"{VERIFIER_LOGS}/{name}")
        except FileNotFoundError:
            continue
        try:
            return parse_reward(text, json_format=json_format), name
        except (ValueError, TypeError) as err:
            problems.append(f"{name} is garbled ({err}; got {text[:80]!r})")
    raise VerifierError("; ".join(problems) or f"the verifier wrote no {VERIFIER_LOGS}/reward.txt")


async def _prepare(box: SandboxEnvironment, spec: TaskSpec) -> None:
    # The agent ran as root without capabilities: it may have left these read-only; the owner
    # (root) can always chmod them back before deleting.
    reset = (
        f"chmod -R u+rwX {TESTS_PATH} {VERIFIER_LOGS} 2>/dev/null; "
        f"rm -rf {TESTS_PATH} {VERIFIER_LOGS} && mkdir -p {TESTS_PATH} {VERIFIER_LOGS}"
    )
    done = await box.exec(["bash", "-c", reset], timeout=HOUSEKEEPING_TIMEOUT_SEC)
    if not done.success:
        raise VerifierError(f"could not reset {TESTS_PATH} and {VERIFIER_LOGS}: {done.stderr}")
    await copy_folder_into(box, spec.tests_dir, TESTS_PATH)


async def verify(box: SandboxEnvironment, spec: TaskSpec) -> Score:
    """Run ``spec``'s verifier in ``box`` and score the result.

    Raises:
        VerifierError: No verdict (the sample becomes ``infra_error``).
    """
    settings = spec.config.verifier
    try:
        await _prepare(box, spec)
        result = await box.exec(
            ["bash", f"{TESTS_PATH}/test.sh"], timeout=int(settings.timeout_sec), env=settings.env
        )
    except TimeoutError as err:
        raise VerifierError(f"verifier timed out after {settings.timeout_sec:.0f} s") from err
    except VerifierError:
        raise
    except Exception as err:  # a dead container or a broken exec: the harness's failure
        raise VerifierError(f"sandbox failed while verifying: {type(err).__name__}: {err}") from err
    tail = _tail(result.stdout, result.stderr)
    try:
        reward, reward_file = await _read_reward(box)
    except VerifierError as err:
        raise VerifierError(f"{err} (exit code {result.returncode}); output tail:\n{tail}") from err
    outcome = outcome_for(reward, settings.reward_threshold)
    return Score(
        value=reward,
        answer=str(outcome),
        explanation=tail,
        metadata={
            "outcome": str(outcome),
            "reward": reward,
            "reward_file": reward_file,
            "reward_threshold": settings.reward_threshold,
            "verifier_exit_code": result.returncode,
            "task_id": spec.id,
            "family": spec.family,
            "human_minutes": spec.human_minutes,
            "task_hash": spec.content_hash,
        },
    )


@scorer(metrics=[mean(), stderr()])
def verifier() -> Scorer:
    """Score a sample by running its task's ``tests/test.sh`` (sample metadata ``task_path``)."""

    async def score(state: TaskState, target: Target) -> Score:
        return await verify(sandbox(), load_task_cached(str(state.metadata["task_path"])))

    return score
