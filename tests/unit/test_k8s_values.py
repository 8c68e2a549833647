"""Helm values for the k8s sandbox: valid for the chart that runs them, and as hardened as Docker.

Every ``core`` and ``smoke`` task's values are checked against the ``values.schema.json`` that
the installed ``inspect-k8s-sandbox`` ships with its ``agent-env`` chart (Helm checks the same
file at install time, on the chart's defaults merged with ours), and each isolation property
is asserted on the values of a task without network and of a task with ``allow_internet``,
beside the Docker container the same ``BoxConfig`` makes.
"""

import dataclasses
import json
import os
from pathlib import Path
from typing import Any

import pytest
import yaml

from harness.errors import SetupError
from harness.sandbox import (
    AGENT_USER,
    CLUSTER_DEFAULT_RUNTIME,
    ROOT_CAPABILITIES,
    K8sTarget,
    box_config,
    chart_dir,
    helm_values,
    task_image_tag,
    task_values,
)
from harness.sandbox._box_config import container_spec
from harness.sandbox._k8s import REAPER_COMMAND, registry_image, write_values
from harness.suite import TaskSpec, load_suite, load_task

jsonschema = pytest.importorskip("jsonschema")  # an inspect-ai dependency

DATA = Path(__file__).resolve().parents[1] / "data"
REGISTRY = "registry.lab.example:5000/evals"
TARGET = K8sTarget(REGISTRY)
SPECS = [spec for suite in ("core", "smoke") for spec in load_suite(suite).tasks]
OFFLINE_TASK = "smoke/count-error-lines"
ONLINE_TASK = DATA / "harbor" / "schema-1-0"  # a Harbor task: the network is on by default


def _chart() -> Path:
    """The installed chart; without the package, skip (CI installs it: fail there instead)."""
    try:
        return chart_dir()
    except SetupError:
        reason = "inspect-k8s-sandbox not installed; pip install -e '.[k8s]' (tests/install does)"
        if os.environ.get("HORIZON_REQUIRE_DOCKER") == "1":  # CI: no silent skips
            pytest.fail(reason)
        pytest.skip(reason)


@pytest.fixture(scope="module")
def chart() -> Path:
    return _chart()


@pytest.fixture(scope="module")
def validator(chart: Path) -> Any:
    schema = json.loads((chart / "values.schema.json").read_text())
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema)


def _helm_merge(defaults: Any, override: Any) -> Any:
    """Helm's coalescing of a chart's values.yaml with user values: maps merge, the rest replaces."""
    if isinstance(defaults, dict) and isinstance(override, dict):
        merged = dict(defaults)
        for key, value in override.items():
            merged[key] = _helm_merge(defaults.get(key), value)
        return merged
    return override


def _errors(validator: Any, values: dict[str, Any]) -> list[str]:
    return [f"{'/'.join(map(str, e.path))}: {e.message}" for e in validator.iter_errors(values)]


@pytest.mark.parametrize("spec", SPECS, ids=[f"{s.suite}/{s.id}" for s in SPECS])
def test_every_core_and_smoke_task_validates_against_the_charts_schema(
    spec: TaskSpec, validator: Any, chart: Path
) -> None:
    values = task_values(spec, TARGET)
    # As written to the values file (YAML), and as Helm validates it: merged with the defaults.
    written = yaml.safe_load(yaml.safe_dump(values))
    assert written == values
    defaults = yaml.safe_load((chart / "values.yaml").read_text())
    assert _errors(validator, written) == []
    assert _errors(validator, _helm_merge(defaults, written)) == []


def test_the_schema_check_is_not_vacuous(validator: Any) -> None:
    values = task_values(SPECS[0], TARGET)
    values["services"]["default"]["pidsLimit"] = 64  # the chart has no such key
    del values["global"]
    errors = _errors(validator, values)
    assert any("'global' is a required property" in e for e in errors)
    assert any("pidsLimit" in e for e in errors)


def _spec(task_id: str) -> TaskSpec:
    suite, name = task_id.split("/")
    return load_suite(suite, [name]).tasks[0]


def _container(values: dict[str, Any]) -> dict[str, Any]:
    service: dict[str, Any] = values["services"]["default"]
    assert list(values["services"]) == ["default"]  # one container: nothing else in the pod
    return service


def _assert_common_isolation(spec: TaskSpec, values: dict[str, Any]) -> None:
    """What holds with and without a network: caps, escalation, user, limits, PID 1, token."""
    env = spec.config.environment
    box = box_config(spec, registry_image(REGISTRY, task_image_tag(spec)))
    docker = container_spec(box, {}, None)["HostConfig"]
    service = _container(values)
    security = service["securityContext"]

    # The image the cluster pulls is the task's content-hash tag under the registry.
    assert service["image"] == f"{REGISTRY}/{task_image_tag(spec)}"
    assert service["imagePullPolicy"] == "IfNotPresent"
    # All capabilities dropped but the ones root needs, exactly as the Docker container.
    assert security["capabilities"] == {"drop": ["ALL"], "add": list(ROOT_CAPABILITIES)}
    assert security["capabilities"]["add"] == docker["CapAdd"]
    assert {"SYS_ADMIN", "NET_RAW", "NET_ADMIN", "SYS_PTRACE"}.isdisjoint(
        security["capabilities"]["add"]
    )
    # No privilege escalation (Docker's no-new-privileges), never privileged.
    assert security["allowPrivilegeEscalation"] is False
    assert docker["SecurityOpt"] == ["no-new-privileges:true"]
    assert security["privileged"] is False
    assert security["seccompProfile"] == {"type": "RuntimeDefault"}
    # The agent user: the container runs as root for the harness and the verifier (no
    # runAsUser override); the agent's commands run as the task's unprivileged user through
    # exec(user=...), which `runuser` serves with the SETUID/SETGID root keeps.
    assert spec.config.agent.user == AGENT_USER != "root"
    assert "runAsUser" not in security and "runAsGroup" not in security
    assert {"SETUID", "SETGID"} <= set(security["capabilities"]["add"])
    # Resource limits from task.toml, equal to the requests, and the same as Docker's.
    resources = service["resources"]
    assert resources["limits"] == resources["requests"]
    limits = resources["limits"]
    assert limits["memory"] == f"{env.memory_mb}Mi"
    assert docker["Memory"] == env.memory_mb * 1024 * 1024
    assert limits["cpu"] == f"{round(env.cpus * 1000)}m"
    assert docker["NanoCpus"] == int(limits["cpu"].removesuffix("m")) * 1_000_000
    # Ephemeral storage: the task's storage_mb (Kubernetes enforces it, by eviction).
    assert limits["ephemeral-storage"] == f"{box.storage_mb}Mi"
    # PID 1 reaps zombies (Docker's Init) and keeps the sandbox alive.
    assert service["command"] == list(REAPER_COMMAND) and service["args"] == []
    assert docker["Init"] is True
    # No Kubernetes API token in the sandbox; the chart's network policies are on.
    assert values["automountServiceAccountToken"] is False
    assert values["networkPolicy"] == {"enabled": True}
    assert values["allowDomains"] == [] and values["allowCIDR"] == []
    assert values["annotations"] == {"horizon/suite": spec.suite, "horizon/task": spec.id}


def test_a_task_without_network_is_isolated_on_every_isolation_property() -> None:
    spec = _spec(OFFLINE_TASK)
    assert not spec.config.environment.allow_internet
    values = task_values(spec, TARGET)
    _assert_common_isolation(spec, values)
    # No egress at all: the service is network-isolated (the chart denies its egress to
    # every entity and allows it no ingress) and nothing is opened.
    assert _container(values)["networkIsolated"] is True
    assert values["allowEntities"] == []
    box = box_config(spec, "img")
    assert container_spec(box, {}, None)["HostConfig"]["NetworkMode"] == "none"


def test_an_allow_internet_task_reaches_the_internet_and_nothing_else_changes() -> None:
    spec = load_task(ONLINE_TASK)
    assert spec.config.environment.allow_internet
    values = task_values(spec, TARGET)
    _assert_common_isolation(spec, values)
    # The internet (Cilium's "world": outside the cluster), not the cluster's own services.
    assert _container(values)["networkIsolated"] is False
    assert values["allowEntities"] == ["world"]
    # The only difference from the same task without internet is the network.
    offline = dataclasses.replace(
        spec,
        config=spec.config.model_copy(
            update={
                "environment": spec.config.environment.model_copy(update={"allow_internet": False})
            }
        ),
    )
    without = task_values(offline, TARGET)
    assert without["allowEntities"] == [] and _container(without)["networkIsolated"] is True
    for side in (values, without):
        side["allowEntities"] = None
        _container(side)["networkIsolated"] = None
    assert values == without


def test_the_chart_cannot_set_a_pids_limit(chart: Path) -> None:
    """Kubernetes has no per-container pids limit: it is the kubelet's ``podPidsLimit``.

    docs/kubernetes.md asks the cluster for it; when a chart version gains a key for it,
    this fails so that helm_values sets it from ``BoxConfig.pids_limit`` like Docker does.
    """
    text = (chart / "values.schema.json").read_text() + (chart / "values.yaml").read_text()
    assert "pid" not in text.lower()


def test_the_runtime_class_defaults_to_gvisor_and_can_be_the_clusters() -> None:
    spec = _spec(OFFLINE_TASK)
    assert _container(task_values(spec, TARGET))["runtimeClassName"] == "gvisor"
    cluster = K8sTarget(REGISTRY, runtime_class=CLUSTER_DEFAULT_RUNTIME)
    assert _container(task_values(spec, cluster))["runtimeClassName"] == "CLUSTER_DEFAULT"


def test_values_files_are_named_by_content(tmp_path: Path) -> None:
    spec = _spec(OFFLINE_TASK)
    values = helm_values(box_config(spec, "r/img:1"))
    first = write_values(values, tmp_path)
    assert write_values(values, tmp_path) == first
    assert yaml.safe_load(first.read_text()) == values
    other = helm_values(box_config(spec, "r/img:2"))
    assert write_values(other, tmp_path) != first
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [first.name, write_values(other, tmp_path).name]
    )
