"""Harbor's separate verifier: which image it runs, with what, and what it is given.

What Harbor does (``harbor`` 0.26: ``models/task/config.py`` ``VerifierConfig`` and
``VerifierCollectConfig``, ``models/task/verifier_mode.py``, ``trial/trial.py``
``_run_separate_verifier`` and ``_collect_artifacts_phased``, ``trial/artifact_handler.py``):

- **Mode.** ``[verifier] environment_mode = "separate"``, or a ``[verifier.environment]``
  table without a mode, grades in a fresh environment of the verifier's own; otherwise in the
  agent's (``shared``).
- **Image.** In order: ``[verifier.environment] docker_image``; else ``tests/Dockerfile`` (the
  ``tests/`` folder is the build context, so the tests are "bundled" and not uploaded again);
  else a fresh copy of the task's own environment (``environment/``, or its ``docker_image``).
  The verifier's resources and network are ``[verifier.environment]``'s, else a copy of
  ``[environment]``.
- **Collect hooks.** Each ``[[verifier.collect]]`` is a shell command run after the agent's
  turn, before artifacts are gathered, in a compose service (``main`` by default; hooks in
  ``main`` before those in sidecars), as ``user`` (default: the service's default user, root in
  practice), with its own ``timeout_sec``. They are best effort: a hook that fails or times
  out is logged and the trial goes on. They exist to snapshot state (a database, counters)
  into files that artifacts can then carry.
- **What is carried over.** The artifacts: the convention folder ``/logs/artifacts`` and each
  ``artifacts`` entry's ``source`` path, downloaded from the agent's environment and uploaded
  into the verifier's at the same paths (through a sanitising tar: no setuid bits, no special
  files, no links leaving the artifact). A path that does not exist is skipped. Nothing else
  of the agent's environment reaches the verifier.
- **Then** ``tests/test.sh`` runs as ``[verifier] user`` in the verifier's environment, which
  is stopped and deleted afterwards; the reward is read as in shared mode.

What horizon does: the same, in its own sandbox terms.

- The verifier image is one more of the task's images, built offline
  and content-hash tagged like the others (``horizon-task-<suite>-<id>-verifier:<hash>``) or
  prebuilt (``_task_images``: :class:`TaskImages` ``verifier``), so ``horizon run`` and ``tasks
  check`` build it up front. The task's own image as the verifier's is the same tag: a fresh
  container from it.
- The verifier's container (:func:`verifier_box_config`) is hardened exactly like ``main``:
  all capabilities dropped but root's few, ``no-new-privileges``, pids/memory/CPU limits,
  horizon's labels (``horizon clean`` finds a leftover), and no network unless the verifier's
  environment allows the internet.
- The scorer (``harness.scoring``) stops the agent, runs the collect hooks as root (or their
  ``user``) in ``main``, copies :func:`collected_paths` out of the agent's container into the
  verifier's with the engine's archive API, copies ``/tests`` (only ever into the verifier's
  container) and runs the verifier there with the clean-environment protocol. Whatever
  happens, the verifier's container is removed.
- Not carried out: hooks and artifacts in sidecar services (refused per task by
  ``harness.suite``), since the copy reads ``main``'s filesystem.
"""

from harness.suite import MAIN_SERVICE, EnvironmentSection, TaskSpec

CONVENTION_ARTIFACTS = "/logs/artifacts"
"""Harbor's artifacts folder: always carried into a separate verifier."""


def separate_verifier(spec: TaskSpec) -> bool:
    """Whether ``spec`` grades in a container of the verifier's own (Harbor's resolution)."""
    return spec.config.verifier.separate


def collected_paths(spec: TaskSpec) -> tuple[str, ...]:
    """The agent container's paths copied into the separate verifier's, in order.

    Harbor's convention folder, then each ``artifacts`` entry of ``main`` (sidecars' are
    refused by ``harness.suite``).
    """
    paths = [CONVENTION_ARTIFACTS]
    for entry in spec.config.artifacts:
        if isinstance(entry, str):
            paths.append(entry)
        elif entry.service in (None, MAIN_SERVICE):
            paths.append(entry.source)
    return tuple(dict.fromkeys(path.rstrip("/") or "/" for path in paths))


def verifier_environment(spec: TaskSpec) -> EnvironmentSection:
    """The separate verifier's resources and network: ``[verifier.environment]``, else the task's.

    A ``[verifier.environment]`` that says nothing about the network has the task's own (for a
    Harbor task, Harbor's default: on).
    """
    own = spec.config.verifier.environment
    if own is None:
        return spec.config.environment
    if "allow_internet" in own.model_fields_set:
        return own
    return own.model_copy(update={"allow_internet": spec.config.environment.allow_internet})
