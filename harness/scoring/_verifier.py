"""The verifier scorer: grade what the agent left, with nothing the agent could touch.

Order matters for integrity (DESIGN.md, "Grading integrity"):

1. Every process the agent started is killed (it works as an unprivileged user, so detached,
   ``setsid`` and double-forked processes all keep its uid). If some cannot be stopped, the
   agent left a sandbox no verifier should run in: a ``failure`` with that cause. If the
   sandbox cannot even run the kill because of what the agent did (it stopped its container,
   filled its pids limit; ``_attribution``), also a ``failure``; if the machine did it, an
   infra error.
2. ``/tests`` and ``/logs/verifier`` are deleted and made anew, root-owned; ``/tests`` is
   readable by root only, so programs the verifier runs as the agent user cannot read the
   expected outputs. The task's ``tests/`` and the shared grading modules
   (:func:`grading_helpers`) are copied in.
3. ``tests/test.sh`` runs as root with a fixed, clean environment (:data:`VERIFIER_ENV`: no
   inherited ``PATH`` or ``PYTHON*`` variables, no user site-packages, a private ``TMPDIR``)
   from ``/tests``, so nothing the agent left in its working folder, its home or on its
   ``PATH`` is imported or run in the agent's stead. A Harbor task's ``[verifier] user``
   (never the agent's own) gets those folders and runs it instead, in the same environment
   with its own ``HOME`` (:func:`_verifier_command`).
4. Every process left in the sandbox is killed, so nothing the verifier started (the
   agent's programs among them) writes the reward while it is read.
5. The verdict. Horizon tasks follow the exit-code protocol (``tasks/README.md``): a verifier
   that exits non-zero broke, whatever reward it left. Harbor tasks keep Harbor's rule (the
   reward file decides) unless ``[verifier] nonzero_exit_is_error = true``.

A Harbor task with a separate verifier (``[verifier] environment_mode = "separate"``) is graded
by ``_separate`` instead: steps 2 to 5 run in a container of the verifier's own, into which
only what the task's collect hooks and artifacts name is carried from the agent's.

When the verifier cannot give a verdict (it broke, timed out, left no or a garbled reward, or
the container died) the scorer raises ``VerifierError``: Inspect records the sample as errored
and retries it (``retry_on_error``), and the runs table reads it as ``infra_error`` — never a
model failure.
"""

import base64
from importlib.resources import files

from inspect_ai.scorer import Score, Scorer, Target, mean, scorer, stderr
from inspect_ai.solver import TaskState
from inspect_ai.util import ExecResult, SandboxEnvironment, sandbox

from harness.errors import InfraError
from harness.handover import StepVerdict, TaskInfo, Verdict
from harness.outcome import Outcome
from harness.sandbox import (
    AGENT_SURVIVED,
    CopyError,
    copy_folder_into,
    kill_all_but_init,
    separate_verifier,
    stop_agent_snippet,
)
from harness.suite import StepSpec, TaskSpec, load_task_cached

from ._attribution import disk_limit_cause, sandbox_broken_by_agent
from ._reward import outcome_for, parse_reward
from ._steps import (
    PENDING_KEY,
    SKIPPED_KEY,
    STEPS_KEY,
    combined_verdict,
    explain,
    step_verdict,
)

TESTS_PATH = "/tests"
VERIFIER_LOGS = "/logs/verifier"
VERIFIER_TMP = "/tmp/horizon-verifier"
OUTPUT_TAIL_CHARS = 4000
"""How much of the verifier's output the score keeps."""
HOUSEKEEPING_TIMEOUT_SEC = 120

VERIFIER_ENV: dict[str, str] = {
    "PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
    "HOME": "/root",
    "LANG": "C.UTF-8",
    "TMPDIR": VERIFIER_TMP,
    # Python: never put the working folder or a script's folder first on sys.path, never
    # read user site-packages; the tests folder (root-only) holds the helpers.
    "PYTHONSAFEPATH": "1",
    "PYTHONNOUSERSITE": "1",
    "PYTHONDONTWRITEBYTECODE": "1",
    "PYTHONPATH": TESTS_PATH,
    "TEST_DIR": TESTS_PATH,  # Terminal-Bench's name for the tests folder; its verifiers use it
}
"""The verifier's whole environment, before the task's ``[verifier] env``."""

AGENT_LEFT_PROCESSES = "the agent's processes could not be stopped before grading"
SANDBOX_BROKEN_KEY = "horizon_sandbox_broken"
"""Sample metadata set by ``run_agent`` when the agent's turn broke its own sandbox: the cause."""


class VerifierError(InfraError):
    """The verifier could not give a verdict; the sample is an ``infra_error``."""


def _tail(stdout: str, stderr: str) -> str:
    return (stdout + ("\n[stderr]\n" + stderr if stderr.strip() else ""))[-OUTPUT_TAIL_CHARS:]


REWARD_FILES = (("reward.txt", False), ("reward.json", True))
"""The reward files a verifier may write in :data:`VERIFIER_LOGS`, in the order they are read,
and whether each is JSON."""
REWARD_MAX_BYTES = 65536

# Run once every process is gone: each reward file that exists, one line each, as
# "<name> <base64 of its first bytes>" (base64: a garbled file cannot break the framing).
# A symbolic link is not a reward: a non-root verifier user owns the folder, and root must
# not read where a link points.
_SHOW_REWARDS = (
    "\n".join(
        f"[ -f {VERIFIER_LOGS}/{name} ] && [ ! -L {VERIFIER_LOGS}/{name} ] && "
        f'printf "%s " {name} && '
        f"head -c {REWARD_MAX_BYTES} {VERIFIER_LOGS}/{name} | base64 -w0 && echo"
        for name, _ in REWARD_FILES
    )
    + "\nexit 0"
)


def _read_reward(shown: str, reward_key: str) -> tuple[float, str]:
    """The reward from :data:`_SHOW_REWARDS`'s output: the first file that parses, and its name.

    ``reward_key`` is the key of a multi-key ``reward.json`` that decides.
    """
    found = dict(line.split(" ", 1) for line in shown.splitlines() if " " in line)
    problems = []
    for name, json_format in REWARD_FILES:
        if name not in found:
            continue
        text = base64.b64decode(found[name]).decode(errors="replace")
        try:
            return parse_reward(text, json_format=json_format, key=reward_key), name
        except (ValueError, TypeError) as err:
            problems.append(f"{name} is garbled ({err}; got {text[:80]!r})")
    raise VerifierError("; ".join(problems) or f"the verifier wrote no {VERIFIER_LOGS}/reward.txt")


async def _stop_agent_and_prepare(
    box: SandboxEnvironment, spec: TaskSpec, step: StepSpec | None = None
) -> bool:
    """Steps 1 and 2: kill the agent's processes, then reset and fill the verifier's folders.

    One exec for an unprivileged agent (the kill leads the copy); False when some of its
    processes could not be stopped (then nothing was copied).
    """
    user = spec.config.agent.user
    if user == "root":
        if await kill_all_but_init(box) is None:
            return False
        await _prepare(box, spec, step=step)
        return True
    try:
        await _prepare(box, spec, first=stop_agent_snippet(user), step=step)
    except CopyError as err:
        if err.returncode == AGENT_SURVIVED:
            return False
        raise
    return True


async def _prepare(
    box: SandboxEnvironment, spec: TaskSpec, first: str = "", step: StepSpec | None = None
) -> None:
    fresh = " ".join((TESTS_PATH, VERIFIER_LOGS, VERIFIER_TMP))
    reset = (
        f"rm -rf {fresh} && mkdir -p {fresh} && chown root:root /logs {fresh} && "
        f"chmod 755 /logs {VERIFIER_LOGS} && chmod 700 {TESTS_PATH} {VERIFIER_TMP}"
    )
    folder, step_files = spec.tests_dir, {}
    if step is not None and step.tests_dir.is_dir():
        # Harbor's layering: the task's tests/, then the step's own files over them.
        step_files = {
            path.relative_to(step.tests_dir).as_posix(): path.read_bytes()
            for path in sorted(step.tests_dir.rglob("*"))
            if path.is_file()
        }
    await copy_folder_into(
        box,
        folder,
        TESTS_PATH,
        extra={**step_files, **grading_helpers()},
        first=f"{first}\n{reset}",
    )


HIDE_GRADING = f"rm -rf {TESTS_PATH} {VERIFIER_TMP} {VERIFIER_LOGS} && mkdir -p {VERIFIER_LOGS}"
"""Run as root after a step is graded: nothing of its tests, the verifier's scratch or its
reward is left for the next step's agent turn."""


async def hide_grading(box: SandboxEnvironment) -> None:
    """Remove the graded step's tests and verifier files before the agent's next turn.

    Raises:
        VerifierError: They could not be removed (the next turn must not start).
    """
    try:
        done = await box.exec(
            ["/bin/sh", "-c", HIDE_GRADING], user="root", timeout=HOUSEKEEPING_TIMEOUT_SEC
        )
    except Exception as err:
        raise VerifierError(f"could not remove the graded step's tests: {err}") from err
    if not done.success:
        raise VerifierError(f"could not remove the graded step's tests: {done.stderr}")


def grading_helpers() -> dict[str, bytes]:
    """The shared grading modules (``harness/scoring/grading/*.py``), by file name."""
    package = files("harness.scoring.grading")
    return {
        entry.name: entry.read_bytes()
        for entry in package.iterdir()
        if entry.name.endswith(".py") and entry.name != "__init__.py"
    }


ROOT_USERS = (None, "root", "0")
"""``[verifier] user`` values that mean root: horizon's verifier as it always runs."""

# Run as root from a clean environment, with the user name then the verifier's environment
# as arguments: hand the verifier's folders to the user, then become it (no capabilities
# survive the uid change; the container has no-new-privileges) and run the tests from a
# clean environment whose HOME is the user's own, as `docker exec -u USER` would give it.
_AS_VERIFIER_USER = f"""
user=$1; shift
if ! uid=$(id -u -- "$user") || ! gid=$(id -g -- "$user"); then
  echo "horizon: [verifier] user '$user' does not exist in the image" >&2; exit 2
fi
home=$(getent passwd "$user" | cut -d: -f6)
chown -R "$uid:$gid" {TESTS_PATH} {VERIFIER_LOGS} {VERIFIER_TMP}
exec setpriv --reuid="$uid" --regid="$gid" --init-groups -- \
  /usr/bin/env -i HOME="${{home:-/}}" USER="$user" "$@" \
  /bin/bash --noprofile --norc {TESTS_PATH}/test.sh
"""


def _verifier_command(spec: TaskSpec, step: StepSpec | None = None) -> list[str]:
    """``tests/test.sh`` in the verifier's clean environment, as root or ``[verifier] user``.

    A non-root verifier user is honoured when it is not the agent's own user (``_support``
    refuses that): the agent, stopped before grading, never had that user's rights, so it
    cannot have planted anything the verifier runs with. The difference from a root verifier
    is only what the tests themselves can do: they cannot drop to the agent user (the grading
    helpers' ``run_program`` needs root), so the programs they run act with the verifier
    user's rights, as in Harbor.
    """
    verifier_env = spec.verifier_env_for(step)
    env = {**VERIFIER_ENV, **verifier_env}
    user = spec.config.verifier.user
    if user not in ROOT_USERS:
        if "HOME" not in verifier_env:
            del env["HOME"]  # the user's own home (the script sets it)
        return [
            "/usr/bin/env",
            "-i",
            f"PATH={VERIFIER_ENV['PATH']}",
            "/bin/bash",
            "--noprofile",
            "--norc",
            "-c",
            _AS_VERIFIER_USER,
            "verifier",
            str(user),
            *(f"{key}={value}" for key, value in env.items()),
        ]
    # `env -i` drops whatever the container or `docker exec` would pass on.
    return [
        "/usr/bin/env",
        "-i",
        *(f"{key}={value}" for key, value in env.items()),
        "/bin/bash",
        "--noprofile",
        "--norc",
        f"{TESTS_PATH}/test.sh",
    ]


def _agent_failure(spec: TaskSpec, cause: str) -> Score:
    """A ``failure`` the agent caused by the state it left: grading cannot proceed."""
    verdict = Verdict(
        outcome=Outcome.FAILURE,
        reward=0.0,
        reward_file="",
        reward_threshold=spec.config.verifier.reward_threshold,
        verifier_exit_code=-1,
        cause=cause,
    )
    return _score(verdict, cause)


def _score(verdict: Verdict, explanation: str) -> Score:
    return Score(
        value=verdict.reward,
        answer=str(verdict.outcome),
        explanation=explanation,
        metadata=verdict.to_metadata(),
    )


async def verify(box: SandboxEnvironment, spec: TaskSpec, step: StepSpec | None = None) -> Score:
    """Run ``spec``'s verifier in ``box`` and score the result.

    Args:
        box: The sample's sandbox.
        spec: The task.
        step: For a multi-step task, the step to grade: its tests over the task's, its
            timeout and ``env`` (``_steps`` runs one per step).

    Raises:
        VerifierError: No verdict (the sample becomes ``infra_error``).
    """
    if separate_verifier(spec):
        # Imported here: the separate verifier builds on this module's protocol.
        from ._separate import verify_separately

        return await verify_separately(box, spec)
    settings = spec.config.verifier
    timeout_sec = settings.timeout_sec if step is None else step.verifier_timeout_sec
    try:
        try:
            stopped = await _stop_agent_and_prepare(box, spec, step)
        except Exception:
            # The first exec after the agent's turn: if the sandbox cannot run it, ask who broke it.
            broken = await sandbox_broken_by_agent(box)
            if broken is not None:
                return _agent_failure(spec, broken)
            raise
        if not stopped:
            return _agent_failure(spec, AGENT_LEFT_PROCESSES)
        result = await box.exec(
            _verifier_command(spec, step), cwd=TESTS_PATH, timeout=int(timeout_sec)
        )
        # Nothing the verifier started may outlive it and touch the reward while it is read.
        rewards = await kill_all_but_init(box, then=_SHOW_REWARDS)
        if rewards is None:
            raise VerifierError("processes the verifier started could not be stopped")
    except TimeoutError as err:
        raise VerifierError(f"verifier timed out after {timeout_sec:.0f} s") from err
    except VerifierError:
        raise
    except Exception as err:  # a dead container or a broken exec: the harness's failure ...
        over_disk = await disk_limit_cause(box)
        if over_disk is not None:  # ... unless the watchdog stopped what the agent wrote
            return _agent_failure(spec, over_disk)
        raise VerifierError(f"sandbox failed while verifying: {type(err).__name__}: {err}") from err
    return _verdict(spec, result, rewards)


def _verdict(spec: TaskSpec, result: ExecResult[str], rewards: ExecResult[str]) -> Score:
    """Step 5: the score from the verifier's exit and the rewards :data:`_SHOW_REWARDS` shown.

    Raises:
        VerifierError: No verdict (a broken verifier, no or a garbled reward).
    """
    settings = spec.config.verifier
    tail = _tail(result.stdout, result.stderr)
    if result.returncode != 0 and spec.nonzero_exit_is_error:
        raise VerifierError(
            f"the verifier broke: tests/test.sh exited {result.returncode} (a verifier exits 0 "
            f"once it has written the reward; tasks/README.md); output tail:\n{tail}"
        )
    try:
        reward, reward_file = _read_reward(rewards.stdout, settings.reward_key)
    except VerifierError as err:
        raise VerifierError(f"{err} (exit code {result.returncode}); output tail:\n{tail}") from err
    verdict = Verdict(
        outcome=outcome_for(reward, settings.reward_threshold),
        reward=reward,
        reward_file=reward_file,
        reward_threshold=settings.reward_threshold,
        verifier_exit_code=result.returncode,
    )
    return _score(verdict, tail)


async def _steps_score(spec: TaskSpec, state: TaskState) -> Score:
    """A multi-step sample's score: its graded steps, aggregated (``_steps``).

    A step whose turn a sample-wide limit ended is graded here, as a single-step task is.
    """
    graded = [StepVerdict.model_validate(s) for s in state.metadata.get(STEPS_KEY, [])]
    pending = state.metadata.get(PENDING_KEY)
    if pending is not None:
        step = next(s for s in spec.steps if s.name == pending)
        graded.append(step_verdict(step, await verify(sandbox(), spec, step)))
    if not graded:
        raise VerifierError("no step of the multi-step task was graded")
    verdict = combined_verdict(spec, graded, state.metadata.get(SKIPPED_KEY, []))
    return _score(verdict, explain(verdict))


@scorer(metrics=[mean(), stderr()])
def verifier() -> Scorer:
    """Score a sample by running its task's ``tests/test.sh`` (the sample's ``TaskInfo``)."""

    async def score(state: TaskState, target: Target) -> Score:
        info = TaskInfo.from_metadata(state.metadata, f"sample {state.sample_id}")
        spec = load_task_cached(info.task_path)
        if SANDBOX_BROKEN_KEY in state.metadata:  # the agent's turn ended with it (run_agent)
            return _agent_failure(spec, str(state.metadata[SANDBOX_BROKEN_KEY]))
        if spec.steps:  # run_agent graded every step after its turn (_steps)
            return await _steps_score(spec, state)
        return await verify(sandbox(), spec)

    return score
