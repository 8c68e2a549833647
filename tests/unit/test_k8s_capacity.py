"""How many sandboxes a namespace's ResourceQuota holds (pure arithmetic, no cluster)."""

from decimal import Decimal

import pytest

from harness.sandbox import K8sTarget, box_config, helm_values
from harness.sandbox._k8s_capacity import (
    QuotaFit,
    parse_quantity,
    sandbox_needs,
    sandboxes_that_fit,
)
from harness.suite import load_suite

MI = Decimal(2**20)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("500m", Decimal("0.5")),
        ("2", Decimal(2)),
        ("1.5", Decimal("1.5")),
        ("512Mi", 512 * MI),
        ("1Gi", 1024 * MI),
        ("10G", Decimal(10**10)),
        ("1e3", Decimal(1000)),
        ("100k", Decimal(100_000)),
    ],
)
def test_parse_quantity(text: str, expected: Decimal) -> None:
    assert parse_quantity(text) == expected


@pytest.mark.parametrize("text", ["", "abc", "1Qi", "5 Mi"])
def test_parse_quantity_rejects_what_is_not_one(text: str) -> None:
    with pytest.raises(ValueError, match="not a Kubernetes quantity"):
        parse_quantity(text)


def _values(cpus: float, memory_mb: int) -> dict:
    spec = load_suite("smoke").tasks[0]
    config = box_config(spec, "r/i:1").model_copy(update={"cpus": cpus, "memory_mb": memory_mb})
    return helm_values(config)


def test_a_sandbox_needs_its_largest_task_plus_the_dns_sidecar_and_its_objects() -> None:
    needs = sandbox_needs([_values(1, 512), _values(2, 256)])
    assert needs["cpu"] == Decimal("2.1")  # 2 CPUs + 100m for CoreDNS
    assert needs["memory"] == (512 + 128) * MI
    assert needs["pods"] == 1 and needs["configmaps"] == 2 and needs["secrets"] == 1


def test_the_tightest_quota_sets_the_number() -> None:
    needs = sandbox_needs([_values(1, 512)])  # 1.1 CPU, 640Mi
    quotas = [
        ("compute", {"requests.cpu": "20", "limits.memory": "64Gi"}, {"requests.cpu": "9"}),
        ("objects", {"count/pods": "50", "services": "3"}, {"count/pods": "45"}),
    ]
    # cpu: 11 / 1.1 = 10; memory: 64Gi / 640Mi = 102; pods: 5; services: not a sandbox's.
    assert sandboxes_that_fit(needs, quotas) == QuotaFit(5, "objects/count/pods")
    assert sandboxes_that_fit(needs, quotas[:1]) == QuotaFit(10, "compute/requests.cpu")


def test_no_quota_bounds_nothing_and_a_full_one_holds_none() -> None:
    needs = sandbox_needs([_values(1, 512)])
    assert sandboxes_that_fit(needs, []) is None
    assert sandboxes_that_fit(needs, [("other", {"services": "2"}, {})]) is None
    full = [("compute", {"requests.cpu": "4"}, {"requests.cpu": "4500m"})]
    assert sandboxes_that_fit(needs, full) == QuotaFit(0, "compute/requests.cpu")


def test_a_k8s_target_needs_only_a_registry() -> None:
    assert K8sTarget("r").runtime_class == "gvisor" and K8sTarget("r").context is None
