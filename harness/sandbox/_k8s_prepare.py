"""Before a k8s run starts: the cluster answers, every image is in the registry, values exist.

:func:`prepare_k8s_sandboxes` is the one step ``horizon run --sandbox k8s`` takes before it
touches its log folder: it refuses to start (one :class:`~harness.errors.SetupError`, exit 2)
when the package, Helm, the cluster or any task image is missing, or when the namespace's
quota leaves room for no sandbox; otherwise it writes each task's Helm values and returns the
sample sandboxes that name them, with how many the quota holds at once.
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from harness.errors import SetupError
from harness.suite import TaskSpec

from ._box_config import box_config
from ._k8s import (
    K8sTarget,
    Quota,
    check_k8s_ready,
    helm_values,
    k8s_sandbox_spec,
    namespace_quotas,
    registry_image,
    write_values,
)
from ._k8s_capacity import QuotaFit, sandbox_needs, sandboxes_that_fit
from ._registry import RegistryLookup, engine_lookup, missing_images
from ._separate import separate_verifier
from ._task_images import task_image_tag

MAX_LISTED = 10
"""Missing images named in the error; the rest are counted."""


def task_values(spec: TaskSpec, target: K8sTarget) -> dict[str, Any]:
    """The Helm values of ``spec``'s samples: its :class:`BoxConfig`, pulled from the registry."""
    config = box_config(spec, registry_image(target.registry, task_image_tag(spec)))
    return helm_values(
        config,
        runtime_class=target.runtime_class,
        annotations={"horizon/suite": spec.suite, "horizon/task": spec.id},
    )


@dataclass(frozen=True)
class K8sRun:
    """What a k8s run starts with."""

    sandboxes: Mapping[str, Any]
    """Each task's Inspect sandbox spec (type ``k8s``, its values file), by task id."""
    namespace: str
    quota_fit: QuotaFit | None
    """How many sandboxes the namespace's tightest quota holds (None: no quota, or unreadable)."""


QuotaReader = Callable[[str | None], tuple[str, list[Quota] | None]]


def prepare_k8s_sandboxes(
    specs: Iterable[TaskSpec],
    target: K8sTarget,
    values_dir: Path,
    *,
    suite: str,
    lookup: RegistryLookup = engine_lookup,
    quotas: QuotaReader = namespace_quotas,
) -> K8sRun:
    """Check that a k8s run can start; write its values; its sandboxes and capacity.

    Args:
        specs: The run's tasks.
        target: Registry, kubeconfig context and runtime class.
        values_dir: Where the values files go (named by content; nothing else is written).
        suite: The suite, as the user named it (for the push command in the error).
        lookup: Asks the registry for one image (tests pass a fake).
        quotas: Reads the namespace and its ResourceQuotas (tests pass a fake).

    Raises:
        SetupError: A task has a separate verifier (Docker sandbox only), the package, Helm
            or the cluster is missing or does not answer, or some
            task image is not in the registry (each named, with the command that pushes them),
            or a quota of the namespace has no room left for one sandbox.
    """
    tasks = list(specs)
    separate = [spec.id for spec in tasks if separate_verifier(spec)]
    if separate:
        raise SetupError(
            f"--sandbox k8s: {', '.join(separate)} grade(s) in a separate verifier container "
            '([verifier] environment_mode = "separate"), which horizon starts only in its '
            "Docker sandbox; nothing was run. Run them with --sandbox docker, or leave them out."
        )
    check_k8s_ready(target)
    refs = [registry_image(target.registry, task_image_tag(spec)) for spec in tasks]
    missing = missing_images(refs, lookup)
    if missing:
        listed = [f"{ref} ({why})" for ref, why in list(missing.items())[:MAX_LISTED]]
        more = len(missing) - len(listed)
        raise SetupError(
            f"--sandbox k8s: {len(missing)} of {len(refs)} task images cannot be pulled from "
            f"{target.registry}, nothing was run: {'; '.join(listed)}"
            f"{f'; and {more} more' if more > 0 else ''}. Push them: horizon images push "
            f"--registry {target.registry} --suite {suite}"
        )
    values = {spec.id: task_values(spec, target) for spec in tasks}
    namespace, found = quotas(target.context)
    fit = sandboxes_that_fit(sandbox_needs(values.values()), found or [])
    if fit is not None and fit.n_sandboxes == 0:
        raise SetupError(
            f"--sandbox k8s: the quota {fit.binding} of namespace {namespace!r} has no room "
            "left for one sandbox of this suite, nothing was run. Wait for other runs to end, "
            "raise the quota, or run in another namespace (`kubectl describe resourcequota`)."
        )
    sandboxes = {
        task_id: k8s_sandbox_spec(write_values(one, values_dir), target)
        for task_id, one in values.items()
    }
    return K8sRun(sandboxes, namespace, fit)
