"""Grading in a separate verifier container (Harbor's ``environment_mode = "separate"``).

``harness/sandbox/_separate.py`` says what Harbor does and what horizon carries out; this is
the scorer's side, in order:

1. The agent's processes are killed, as for any verifier (``_verifier``, step 1). Nothing is
   copied into the agent's container: ``/tests`` never exists there.
2. The task's ``[[verifier.collect]]`` hooks run in the agent's container (``main``), as root
   or their ``user``, from a clean environment, each with its ``timeout_sec``. As in Harbor
   they are best effort: a hook that fails or times out is noted in the score's explanation
   and grading goes on (a hook that fails because of what the agent left is the agent's
   outcome, which the verifier then decides).
3. The verifier's container starts from the sample's ``BoxConfig.verifier``. If it cannot
   (image missing, engine failure) the sample is an ``infra_error`` naming the cause.
4. The collected paths (``/logs/artifacts`` and ``main``'s ``artifacts``) are carried from the
   agent's container into the verifier's at the same paths (``harness.sandbox.carry_paths``).
   A path the agent removed is carried as absent; more than the task's storage limit is the
   agent's ``failure``.
5. ``/tests`` and the grading helpers are copied into the verifier's container and
   ``tests/test.sh`` runs there with the clean-environment protocol (``_verifier`` steps 2-5).
6. The verifier's container is removed, whatever happened.
"""

import logging
import math

from inspect_ai.scorer import Score
from inspect_ai.util import SandboxEnvironment

from harness.sandbox import (
    AGENT_SURVIVED,
    CONVENTION_ARTIFACTS,
    CarryTooLarge,
    carry_paths,
    collected_paths,
    kill_all_but_init,
    stop_agent_snippet,
)
from harness.sandbox._box import HorizonSandbox
from harness.sandbox._copy import SYSTEM_PATH
from harness.sandbox._docker_api import in_thread
from harness.suite import TaskSpec

from ._attribution import sandbox_broken_by_agent
from ._verifier import (
    _SHOW_REWARDS,
    AGENT_LEFT_PROCESSES,
    HOUSEKEEPING_TIMEOUT_SEC,
    TESTS_PATH,
    VERIFIER_ENV,
    VerifierError,
    _agent_failure,
    _prepare,
    _verdict,
    _verifier_command,
)

logger = logging.getLogger(__name__)

ARCHIVE_SLACK = 2
"""The carried archive may be this many times the agent's storage limit: a tar of many small
files is much larger than they are (a 512-byte header each, content padded to 512 bytes)."""
VERIFIER_ROLE = "verifier"
"""The verifier's container is named ``<agent's sandbox>-verifier``."""


async def _stop_agent(box: SandboxEnvironment, spec: TaskSpec) -> bool:
    """Kill every process the agent started; False when some survived."""
    # The hooks write to Harbor's artifacts folder, which the agent may have removed.
    remake = f"mkdir -p {CONVENTION_ARTIFACTS}"
    user = spec.config.agent.user
    if user == "root":
        return await kill_all_but_init(box, then=remake) is not None
    script = f"set -e\nexport PATH={SYSTEM_PATH}\n{stop_agent_snippet(user)}\n{remake}"
    done = await box.exec(["/bin/sh", "-c", script], timeout=HOUSEKEEPING_TIMEOUT_SEC)
    if done.returncode == AGENT_SURVIVED:
        return False
    if not done.success:
        raise RuntimeError(f"could not stop the agent's processes: {done.stderr.strip()}")
    return True


async def run_collect_hooks(box: SandboxEnvironment, spec: TaskSpec) -> list[str]:
    """Run the task's ``[[verifier.collect]]`` hooks in ``main``; a note per hook that failed.

    From a clean environment (root's ``PATH``, no inherited variables), in ``/``, as the
    hook's ``user`` (default root). Best effort, as in Harbor.
    """
    notes: list[str] = []
    env = [f"{key}={VERIFIER_ENV[key]}" for key in ("PATH", "LANG")]
    for index, hook in enumerate(spec.config.verifier.collect):
        where = f"[[verifier.collect]] {index + 1} ({hook.command!r})"
        user = "root" if hook.user is None else str(hook.user)
        argv = ["/usr/bin/env", "-i", *env, "/bin/sh", "-c", hook.command]
        try:
            # A whole second at least: `timeout 0s` would mean no limit at all.
            limit = max(1, math.ceil(hook.timeout_sec))
            done = await box.exec(argv, cwd="/", user=user, timeout=limit)
        except TimeoutError:
            notes.append(f"{where} timed out after {hook.timeout_sec:.0f} s")
            continue
        if not done.success:
            tail = (done.stdout + done.stderr).strip()[-500:]
            notes.append(f"{where} exited {done.returncode}: {tail}")
    for note in notes:
        logger.warning(f"task {spec.id}: {note}")
    return notes


async def verify_separately(box: SandboxEnvironment, spec: TaskSpec) -> Score:
    """Grade ``box``'s sample in a container of the verifier's own (the module docstring).

    Raises:
        VerifierError: No verdict (the sample becomes ``infra_error``): the verifier's
            container did not start or broke, or the verifier gave no reward.
    """
    try:
        own = box.as_type(HorizonSandbox)  # Inspect hands the scorer a proxy of the sandbox
    except TypeError:
        own = None
    if own is None or own.config is None or own.config.verifier is None:
        raise VerifierError(
            f"task {spec.id}: a separate verifier needs horizon's own sandbox (`--sandbox "
            "docker`) with the task's verifier image; this sample's sandbox has none"
        )
    config = own.config.verifier
    try:
        if not await _stop_agent(box, spec):
            return _agent_failure(spec, AGENT_LEFT_PROCESSES)
        notes = await run_collect_hooks(box, spec)
    except Exception as err:
        broken = await sandbox_broken_by_agent(box)
        if broken is not None:
            return _agent_failure(spec, broken)
        raise VerifierError(f"the agent's sandbox failed before grading: {err}") from err
    try:
        grader = await own.start_beside(config, VERIFIER_ROLE)
    except Exception as err:
        raise VerifierError(
            f"the separate verifier's container ({config.image}) did not start: "
            f"{type(err).__name__}: {err}"
        ) from err
    try:
        return await _grade(own, grader, spec, notes)
    finally:
        await grader.remove()


async def _grade(
    box: HorizonSandbox, grader: HorizonSandbox, spec: TaskSpec, notes: list[str]
) -> Score:
    paths = collected_paths(spec)
    limit_bytes = (box.config.storage_mb if box.config else 0) * 1024 * 1024 * ARCHIVE_SLACK
    try:
        carried = await in_thread(carry_paths, box.container, grader.container, paths, limit_bytes)
    except CarryTooLarge as err:
        return _agent_failure(spec, f"what the agent left is too large to grade: {err}")
    except Exception as err:
        raise VerifierError(
            f"could not carry {', '.join(paths)} into the verifier's container: "
            f"{type(err).__name__}: {err}"
        ) from err
    if carried.dropped:
        notes.append(f"unsafe entries not carried: {', '.join(carried.dropped[:5])}")
    settings = spec.config.verifier
    try:
        await _prepare(grader, spec)
        result = await grader.exec(
            _verifier_command(spec), cwd=TESTS_PATH, timeout=int(settings.timeout_sec)
        )
        rewards = await kill_all_but_init(grader, then=_SHOW_REWARDS)
        if rewards is None:
            raise VerifierError("processes the verifier started could not be stopped")
    except TimeoutError as err:
        raise VerifierError(f"verifier timed out after {settings.timeout_sec:.0f} s") from err
    except VerifierError:
        raise
    except Exception as err:
        raise VerifierError(
            f"the separate verifier's container failed while verifying: {type(err).__name__}: {err}"
        ) from err
    score = _verdict(spec, result, rewards)
    header = [
        f"graded in a separate container ({grader.config.image if grader.config else '?'}); "
        f"carried: {', '.join(carried.copied) or 'nothing'}"
        + (f"; absent: {', '.join(carried.missing)}" if carried.missing else ""),
        *notes,
    ]
    score.explanation = "\n".join([*header, score.explanation or ""])
    return score
