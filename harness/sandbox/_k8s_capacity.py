"""How many sandboxes a k8s run holds at once: what the namespace's quota can take.

On Docker, ``--max-sandboxes`` defaults to two per local core. On a cluster the local cores
say nothing; what bounds a run is its namespace's ``ResourceQuota``, the lab's own statement
of what the run may use. Each sandbox is one Helm release of the ``agent-env`` chart: a pod
whose task container requests the task's CPU, memory and ephemeral storage, plus the chart's
CoreDNS sidecar, and a few objects (a StatefulSet, two ConfigMaps, Helm's release Secret).
:func:`sandboxes_that_fit` divides what each quota has left by what the largest sandbox
needs; the smallest quotient is the run's default concurrency. Without a quota there is
nothing to divide, and the default stays two per local core.
"""

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

SIDECAR = {"cpu": Decimal("0.1"), "memory": Decimal(128 * 2**20)}
"""The chart's CoreDNS container: requests = limits = 100m CPU, 128Mi (templates/services.yaml)."""

OBJECTS = {"pods": 1, "statefulsets.apps": 1, "configmaps": 2, "secrets": 1}
"""Objects one release makes (Helm keeps its release record in a Secret)."""

_SUFFIXES = {
    "n": Decimal("1e-9"),
    "u": Decimal("1e-6"),
    "m": Decimal("1e-3"),
    "": Decimal(1),
    "k": Decimal(10**3),
    "M": Decimal(10**6),
    "G": Decimal(10**9),
    "T": Decimal(10**12),
    "P": Decimal(10**15),
    "E": Decimal(10**18),
    "Ki": Decimal(2**10),
    "Mi": Decimal(2**20),
    "Gi": Decimal(2**30),
    "Ti": Decimal(2**40),
    "Pi": Decimal(2**50),
    "Ei": Decimal(2**60),
}
_QUANTITY = re.compile(r"^([+-]?[0-9.]+(?:[eE][+-]?[0-9]+)?)(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]?)$")


def parse_quantity(text: str) -> Decimal:
    """A Kubernetes quantity (``500m``, ``2Gi``, ``1.5``, ``1e3``) as a number of base units.

    Raises:
        ValueError: Not a quantity.
    """
    found = _QUANTITY.match(text.strip())
    if found is None:
        raise ValueError(f"not a Kubernetes quantity: {text!r}")
    try:
        return Decimal(found.group(1)) * _SUFFIXES[found.group(2)]
    except InvalidOperation as err:
        raise ValueError(f"not a Kubernetes quantity: {text!r}") from err


def sandbox_needs(values: Iterable[Mapping[str, Any]]) -> dict[str, Decimal]:
    """What the largest of these sandboxes (Helm values) takes from a quota, per resource."""
    needs: dict[str, Decimal] = {name: Decimal(count) for name, count in OBJECTS.items()}
    for one in values:
        requests = one["services"]["default"]["resources"]["requests"]
        for name, quantity in requests.items():
            need = parse_quantity(quantity) + SIDECAR.get(name, Decimal(0))
            needs[name] = max(needs.get(name, Decimal(0)), need)
    return needs


def _resource(quota_key: str) -> str:
    """A quota's key as the resource it bounds: ``requests.cpu``, ``limits.cpu`` -> ``cpu``.

    Requests and limits are equal for every container of a sandbox, so either bounds it alike.
    """
    key = quota_key.removeprefix("requests.").removeprefix("limits.")
    return key.removeprefix("count/")


@dataclass(frozen=True)
class QuotaFit:
    """How many sandboxes the tightest quota leaves room for, and which quota that is."""

    n_sandboxes: int
    binding: str
    """``<quota>/<key>``: the quota and resource that set the number."""


def sandboxes_that_fit(
    needs: Mapping[str, Decimal],
    quotas: Iterable[tuple[str, Mapping[str, str], Mapping[str, str]]],
) -> QuotaFit | None:
    """The sandboxes that fit in every quota at once (None: no quota bounds a sandbox).

    Args:
        needs: One sandbox's take per resource (:func:`sandbox_needs`).
        quotas: ``(name, status.hard, status.used)`` of each ResourceQuota in the namespace.
    """
    best: QuotaFit | None = None
    for name, hard, used in quotas:
        for key, limit in hard.items():
            need = needs.get(_resource(key))
            if not need:
                continue
            left = parse_quantity(limit) - parse_quantity(used.get(key, "0"))
            fit = max(0, math.floor(left / need))
            if best is None or fit < best.n_sandboxes:
                best = QuotaFit(fit, f"{name}/{key}")
    return best
