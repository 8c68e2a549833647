"""`horizon run --sandbox k8s` without a cluster, and the checks a k8s run makes before it starts.

No cluster can run on this machine: these tests prove that a run which cannot reach one (or
lacks the package, Helm, or an image in the registry) stops with one message and exit 2
before it writes anything, and that a run which can start gives every sample Inspect's
``k8s`` sandbox with the task's own values file.
"""

import os
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

import harness.run._eval as run_eval
from harness.cli import _main
from harness.errors import ExitCode, SetupError
from harness.sandbox import K8sTarget, _k8s, _k8s_prepare, task_image_tag, task_values
from harness.suite import load_suite

REGISTRY = "localhost:5001"
CLOSED_PORT_KUBECONFIG = """\
apiVersion: v1
kind: Config
clusters:
- cluster: {server: "https://127.0.0.1:1"}
  name: nowhere
contexts:
- context: {cluster: nowhere, user: nobody, namespace: evals}
  name: nowhere
current-context: nowhere
users:
- name: nobody
  user: {token: not-a-token}
"""


def _require_package() -> None:
    if _k8s.importlib.util.find_spec(_k8s.K8S_MODULE) is None:
        reason = "inspect-k8s-sandbox not installed; pip install -e '.[k8s]' (tests/install does)"
        if os.environ.get("HORIZON_REQUIRE_DOCKER") == "1":  # CI: no silent skips
            pytest.fail(reason)
        pytest.skip(reason)


@pytest.fixture
def no_cluster(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A kubeconfig whose API server is a closed local port; values go under tmp_path."""
    kubeconfig = tmp_path / "kubeconfig"
    kubeconfig.write_text(CLOSED_PORT_KUBECONFIG)
    monkeypatch.setenv("KUBECONFIG", str(kubeconfig))
    monkeypatch.delenv("KUBERNETES_SERVICE_HOST", raising=False)
    monkeypatch.setattr(run_eval, "K8S_VALUES_DIR", tmp_path / "values")
    return tmp_path


def _run(log_dir: Path, *extra: str) -> Any:
    args = ["run", "--suite", "smoke", "--agent", "oracle", "--log-dir", str(log_dir), *extra]
    return CliRunner().invoke(_main.horizon, args, catch_exceptions=False)


def test_run_without_a_reachable_cluster_exits_2_with_one_message_and_writes_nothing(
    no_cluster: Path,
) -> None:
    _require_package()
    log_dir = no_cluster / "logs"
    result = _run(log_dir, "--sandbox", "k8s", "--registry", REGISTRY)
    assert result.exit_code == ExitCode.ERROR
    errors = [line for line in result.output.splitlines() if line.startswith("error:")]
    assert len(errors) == 1, result.output
    assert "nothing was run" in errors[0]
    assert "the Kubernetes API server at https://127.0.0.1:1" in errors[0]
    assert "does not answer" in errors[0] and "Connection refused" in errors[0]
    if shutil.which("helm") is None:  # this machine: Helm is named in the same message
        assert "helm CLI" in errors[0]
    assert not log_dir.exists()
    assert not (no_cluster / "values").exists()


def test_run_without_any_kubeconfig_says_none_is_configured(
    no_cluster: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _require_package()
    monkeypatch.setenv("KUBECONFIG", str(no_cluster / "absent"))
    log_dir = no_cluster / "logs"
    result = _run(log_dir, "--sandbox", "k8s", "--registry", REGISTRY)
    assert result.exit_code == ExitCode.ERROR
    assert "no Kubernetes cluster is configured" in result.output
    assert "KUBECONFIG" in result.output and "--k8s-context" in result.output
    assert not log_dir.exists()


def test_run_without_the_package_names_the_extra(
    no_cluster: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_k8s.importlib.util, "find_spec", lambda name: None)
    log_dir = no_cluster / "logs"
    result = _run(log_dir, "--sandbox", "k8s", "--registry", REGISTRY)
    assert result.exit_code == ExitCode.ERROR
    assert "inspect-k8s-sandbox is not installed" in result.output
    assert "pip install 'horizon[k8s]'" in result.output
    assert not log_dir.exists()


def test_k8s_without_a_registry_is_a_usage_error(no_cluster: Path) -> None:
    log_dir = no_cluster / "logs"
    result = _run(log_dir, "--sandbox", "k8s")
    assert result.exit_code == ExitCode.ERROR
    assert "--sandbox k8s needs --registry R" in result.output
    assert "horizon images push --registry R --suite smoke" in result.output
    assert not log_dir.exists()


def test_a_suite_toml_sandbox_is_the_default_and_the_flag_wins(no_cluster: Path) -> None:
    suite = no_cluster / "k8s-suite"
    shutil.copytree(Path(load_suite("smoke").path), suite)
    toml = suite / "suite.toml"
    toml.write_text(toml.read_text() + 'sandbox = "k8s"\n')
    log_dir = no_cluster / "logs"
    args = ["run", "--suite", str(suite), "--agent", "oracle", "--log-dir", str(log_dir)]
    # No --sandbox: the suite's k8s, which needs a registry.
    result = CliRunner().invoke(_main.horizon, args)
    assert result.exit_code == ExitCode.ERROR and "--sandbox k8s needs --registry" in result.output
    assert not log_dir.exists()
    assert load_suite(suite).config.sandbox == "k8s"
    assert load_suite("smoke").config.sandbox == "docker"


def test_an_unknown_sandbox_suite_key_is_rejected(tmp_path: Path) -> None:
    from harness.errors import TaskSpecError

    suite = tmp_path / "bad-suite"
    shutil.copytree(Path(load_suite("smoke").path), suite)
    toml = suite / "suite.toml"
    toml.write_text(toml.read_text() + 'sandbox = "podman"\n')
    with pytest.raises(TaskSpecError, match="sandbox"):
        load_suite(suite)


def NO_QUOTA(context: str | None) -> tuple[str, list[Any] | None]:
    return "evals", []


def _ready(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pretend the package, Helm and the cluster are there (none can be here)."""
    monkeypatch.setattr(_k8s_prepare, "check_k8s_ready", lambda target: None)


def test_images_missing_from_the_registry_stop_the_run_naming_each(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _ready(monkeypatch)
    specs = load_suite("smoke").tasks
    absent = {f"{REGISTRY}/{task_image_tag(specs[0])}", f"{REGISTRY}/{task_image_tag(specs[2])}"}
    asked: list[str] = []

    def lookup(ref: str) -> str | None:
        asked.append(ref)
        return "not in the registry" if ref in absent else None

    with pytest.raises(SetupError) as raised:
        _k8s_prepare.prepare_k8s_sandboxes(
            specs,
            K8sTarget(REGISTRY),
            tmp_path / "values",
            suite="smoke",
            lookup=lookup,
            quotas=NO_QUOTA,
        )
    message = str(raised.value)
    assert f"2 of {len(specs)} task images cannot be pulled from {REGISTRY}" in message
    for ref in absent:
        assert f"{ref} (not in the registry)" in message
    assert f"horizon images push --registry {REGISTRY} --suite smoke" in message
    # Each distinct image asked once (two smoke tasks share an environment, so a tag).
    assert sorted(asked) == sorted({f"{REGISTRY}/{task_image_tag(s)}" for s in specs})
    assert not (tmp_path / "values").exists()


def test_a_ready_run_gives_each_sample_the_k8s_sandbox_with_its_tasks_values(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _require_package()
    _ready(monkeypatch)
    from harness.run import horizon_suite

    specs = load_suite("smoke").tasks
    target = K8sTarget(REGISTRY, context="lab", runtime_class="CLUSTER_DEFAULT")
    prepared = _k8s_prepare.prepare_k8s_sandboxes(
        specs, target, tmp_path / "values", suite="smoke", lookup=lambda ref: None, quotas=NO_QUOTA
    )
    assert prepared.namespace == "evals" and prepared.quota_fit is None
    assert run_eval._k8s_max_sandboxes(prepared) is None  # then: 2 per local core
    task = run_eval._with_sandboxes(
        horizon_suite(suite="smoke", agent="oracle"), prepared.sandboxes
    )
    for sample in task.dataset:
        spec = next(s for s in specs if s.id == sample.id)
        assert sample.sandbox.type == "k8s"
        config = sample.sandbox.config
        assert config.context == "lab" and config.restarted_container_behavior == "raise"
        assert config.default_user is None  # root: the agent's user is named per exec
        assert yaml.safe_load(Path(config.values).read_text()) == task_values(spec, target)
    # Docker's sandboxes are left alone without a k8s target.
    docker = run_eval._with_sandboxes(horizon_suite(suite="smoke", agent="oracle"), None)
    assert {s.sandbox.type for s in docker.dataset} == {"horizon"}


def test_the_run_help_names_the_sandbox_options() -> None:
    result = CliRunner().invoke(_main.horizon, ["run", "--help"])
    text = " ".join(result.output.split())
    assert "--sandbox [docker|k8s]" in text and "--registry" in text
    assert "--k8s-context" in text and "--k8s-runtime-class" in text


def _quota(cpu_left: str) -> Any:
    def read(context: str | None) -> tuple[str, list[Any] | None]:
        hard = {"requests.cpu": "64", "limits.memory": "1Ti", "pods": "1000"}
        used = {"requests.cpu": str(64 - float(cpu_left)), "limits.memory": "0", "pods": "3"}
        return "evals", [("compute", hard, used)]

    return read


def test_the_namespace_quota_sets_the_default_concurrency(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _require_package()
    _ready(monkeypatch)
    specs = load_suite("smoke").tasks
    largest_cpu = max(s.config.environment.cpus for s in specs) + 0.1  # + the DNS sidecar
    prepared = _k8s_prepare.prepare_k8s_sandboxes(
        specs, K8sTarget(REGISTRY), tmp_path, suite="smoke", lookup=lambda ref: None,
        quotas=_quota("10"),
    )  # fmt: skip
    assert prepared.quota_fit is not None
    assert prepared.quota_fit.binding == "compute/requests.cpu"
    assert prepared.quota_fit.n_sandboxes == int(10 // largest_cpu)
    assert run_eval._k8s_max_sandboxes(prepared) == prepared.quota_fit.n_sandboxes


def test_a_full_quota_stops_the_run_naming_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _ready(monkeypatch)
    with pytest.raises(SetupError, match="the quota compute/requests.cpu of namespace 'evals'"):
        _k8s_prepare.prepare_k8s_sandboxes(
            load_suite("smoke").tasks, K8sTarget(REGISTRY), tmp_path / "values", suite="smoke",
            lookup=lambda ref: None, quotas=_quota("0.5"),
        )  # fmt: skip
    assert not (tmp_path / "values").exists()


def test_the_namespace_is_the_one_k8s_sandbox_installs_into(
    no_cluster: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _require_package()
    assert _k8s._load_cluster(None).namespace == "evals"  # the context's
    monkeypatch.setenv("INSPECT_K8S_DEFAULT_NAMESPACE", "sandboxes")
    assert _k8s._load_cluster(None).namespace == "sandboxes"
    with pytest.raises(SetupError, match="stopped answering"):
        _k8s.namespace_quotas(None)
    with pytest.raises(SetupError, match="no Kubernetes cluster is configured"):
        _k8s._load_cluster("no-such-context")
