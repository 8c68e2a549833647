"""Sandboxes on Kubernetes: Inspect's ``k8s`` sandbox, Helm values made from :class:`BoxConfig`.

``horizon run --sandbox k8s`` runs each sample in a pod of the ``agent-env`` Helm chart that
``inspect-k8s-sandbox`` (UK AISI; the optional extra ``horizon[k8s]``) ships and installs per
sample. horizon writes each task's Helm values from the same :class:`BoxConfig` that drives the
Docker container (``_box_config.container_spec``), so the isolation is the same:

============================  ==========================================  ======================
Docker (``container_spec``)    Helm values (:func:`helm_values`)           enforced by
============================  ==========================================  ======================
``NetworkMode: none``          ``networkIsolated`` (egress denied to all   Cilium (the chart's
                               entities, no ingress) and no ``allow*``     CiliumNetworkPolicy)
a network of its own           ``allowEntities: [world]``: the internet,   Cilium
(``allow_internet``)           not the cluster; ingress only from itself
``CapDrop ALL`` + root's caps  ``capabilities: drop ALL, add`` the same    the container runtime
``no-new-privileges``          ``allowPrivilegeEscalation: false``         the container runtime
``Memory``, ``NanoCpus``       ``resources.limits`` (= requests)           kubelet / cgroups
storage watchdog (``_disk``)   ``limits.ephemeral-storage``                kubelet (evicts)
``PidsLimit``                  not settable per pod: the kubelet's         the cluster
                               ``podPidsLimit`` (docs/kubernetes.md)
``Init`` (reaps zombies)       :data:`REAPER_COMMAND` as PID 1             the container
============================  ==========================================  ======================

The container runs as root, as the Docker one does: root is for the harness and the verifier,
and the agent's commands run as the task's unprivileged user through Inspect's
``exec(user=...)`` (the k8s sandbox switches with ``runuser``, which needs the ``SETUID`` and
``SETGID`` root keeps). ``seccompProfile: RuntimeDefault`` is added (Docker applies its default
profile unless told otherwise; Kubernetes does not). The pod mounts no service account token.

Importing this module loads neither Inspect nor ``k8s_sandbox`` nor ``kubernetes``: the
functions that need them import them when called.
"""

import hashlib
import importlib.util
import json
import os
import shutil
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from harness.errors import SetupError

from ._box_config import ROOT_CAPABILITIES, BoxConfig

K8S_SANDBOX_TYPE = "k8s"
"""The sandbox type ``inspect-k8s-sandbox`` registers with Inspect."""

K8S_PACKAGE = "inspect-k8s-sandbox"
K8S_MODULE = "k8s_sandbox"
INSTALL_HINT = "pip install 'horizon[k8s]' (in a checkout: pip install -e '.[k8s]')"

CHART_DIR = Path("resources", "helm", "agent-env")
"""The chart inside the ``k8s_sandbox`` package (with its ``values.schema.json``)."""

DEFAULT_RUNTIME_CLASS = "gvisor"
"""The chart's own default: each pod in a gVisor sandbox kernel. A cluster without that
runtime class runs its pods with :data:`CLUSTER_DEFAULT_RUNTIME` (``--k8s-runtime-class``)."""
CLUSTER_DEFAULT_RUNTIME = "CLUSTER_DEFAULT"
"""The chart's magic value that leaves ``runtimeClassName`` unset (the cluster's default)."""

REAPER_COMMAND = (
    "/bin/bash",
    "-c",
    'trap "exit 0" TERM; while :; do sleep infinity & wait $!; done',
)
"""The container's PID 1, in place of Docker's ``Init``: bash reaps every child it is handed
(orphans of the agent's double-forks included) while it waits, so no zombie is left for
``kill_all_but_init`` to find, and its ``sleep infinity`` child is the keep-alive that function
already spares (checked against the Docker engine; docs/kubernetes.md)."""

INTERNET_ENTITIES = ("world",)
"""Cilium's name for everything outside the cluster: what ``allow_internet`` opens."""

API_TIMEOUT_SEC = 10.0
"""How long the preflight waits for the cluster's API server before saying it does not answer."""

PART_OF_LABEL = ("app.kubernetes.io/part-of", "horizon")
DEFAULT_KUBECONFIG = "~/.kube/config"


@dataclass(frozen=True)
class K8sTarget:
    """Where a k8s run's sandboxes go: the registry holding its images, and the cluster."""

    registry: str
    """Registry (and optional path) the images were pushed to, e.g. ``registry.lab:5000/evals``."""
    context: str | None = None
    """kubeconfig context (None: the current one, or the pod's own service account)."""
    runtime_class: str = DEFAULT_RUNTIME_CLASS
    """Pod runtime class: ``gvisor`` (default), or :data:`CLUSTER_DEFAULT_RUNTIME`."""


def registry_image(registry: str, tag: str) -> str:
    """``tag`` (``repository:hash``) as pushed to ``registry``: ``registry/repository:hash``."""
    return f"{registry.rstrip('/')}/{tag}"


def _cpu(cpus: float) -> str:
    return f"{round(cpus * 1000)}m"


def _mebibytes(mb: int) -> str:
    # horizon's *_mb are MiB: Docker's Memory is memory_mb * 1024 * 1024 bytes.
    return f"{mb}Mi"


def helm_values(
    config: BoxConfig,
    *,
    runtime_class: str = DEFAULT_RUNTIME_CLASS,
    annotations: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """The ``agent-env`` chart's values for one sample of ``config`` (see the module docstring).

    Args:
        config: The task's sandbox; ``config.image`` must be pullable by the cluster (a
            registry reference, :func:`registry_image`).
        runtime_class: The pod's runtime class (:data:`DEFAULT_RUNTIME_CLASS`, or
            :data:`CLUSTER_DEFAULT_RUNTIME` for the cluster's default).
        annotations: Added to every object the chart makes (e.g. the task id).

    Returns:
        A values document (JSON types only) for the chart's ``values.schema.json``.
    """
    quantities = {
        "cpu": _cpu(config.cpus),
        "memory": _mebibytes(config.memory_mb),
        "ephemeral-storage": _mebibytes(config.storage_mb),
    }
    return {
        "global": {"nameOverride": "", "fullnameOverride": ""},
        # The chart's CiliumNetworkPolicies: a cluster without Cilium refuses the release
        # (no such kind) instead of running the sandbox unconfined.
        "networkPolicy": {"enabled": True},
        "allowDomains": [],
        "allowCIDR": [],
        "allowEntities": list(INTERNET_ENTITIES) if config.allow_internet else [],
        "automountServiceAccountToken": False,
        "annotations": dict(annotations or {}),
        "labels": dict([PART_OF_LABEL]),
        "services": {
            "default": {
                "image": config.image,
                # Tags are content hashes: a tag never moves, so a cached copy is the image.
                "imagePullPolicy": "IfNotPresent",
                "runtimeClassName": runtime_class,
                "command": list(REAPER_COMMAND),
                "args": [],
                "networkIsolated": not config.allow_internet,
                # Equal requests and limits: the Guaranteed QoS class, never overcommitted.
                "resources": {"requests": quantities, "limits": dict(quantities)},
                "securityContext": {
                    "privileged": False,
                    "allowPrivilegeEscalation": False,
                    "capabilities": {"drop": ["ALL"], "add": list(ROOT_CAPABILITIES)},
                    "seccompProfile": {"type": "RuntimeDefault"},
                },
            }
        },
    }


def write_values(values: Mapping[str, Any], folder: Path) -> Path:
    """Write ``values`` to ``folder/<hash>.yaml`` (named by content: rewriting is a no-op)."""
    text = yaml.safe_dump(json.loads(json.dumps(values)), sort_keys=True)
    path = folder / f"{hashlib.sha256(text.encode()).hexdigest()[:16]}.yaml"
    if not path.is_file():
        folder.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".tmp{os.getpid()}")
        tmp.write_text(text)
        tmp.replace(path)
    return path


def chart_dir() -> Path:
    """The ``agent-env`` chart of the installed ``inspect-k8s-sandbox``.

    Raises:
        SetupError: The package is not installed.
    """
    found = importlib.util.find_spec(K8S_MODULE)
    if found is None or found.origin is None:
        raise SetupError(f"--sandbox k8s needs the package {K8S_PACKAGE}: {INSTALL_HINT}.")
    return Path(found.origin).parent / CHART_DIR


def k8s_sandbox_spec(values: Path, target: K8sTarget) -> Any:
    """The Inspect sandbox spec of a sample: the ``k8s`` type with ``values`` (a file).

    A restarted container is an error (``restarted_container_behavior="raise"``): the new one
    has lost what the agent did, so the sample cannot be graded.
    """
    from inspect_ai.util import SandboxEnvironmentSpec
    from k8s_sandbox import K8sSandboxEnvironmentConfig

    config = K8sSandboxEnvironmentConfig(
        values=values, context=target.context, restarted_container_behavior="raise"
    )
    return SandboxEnvironmentSpec(K8S_SANDBOX_TYPE, config)


def _short(err: BaseException) -> str:
    """One line for an exception from the Kubernetes client (urllib3 nests its reason)."""
    reason = getattr(err, "reason", None)
    text = str(reason if reason is not None else err) or type(err).__name__
    return " ".join(text.split())[:300]


@dataclass(frozen=True)
class _Cluster:
    """A loaded client configuration: where it points and the namespace sandboxes go to."""

    configuration: Any
    where: str
    namespace: str


IN_CLUSTER_NAMESPACE = Path("/var/run/secrets/kubernetes.io/serviceaccount/namespace")


def _load_cluster(context: str | None) -> _Cluster:
    """The client configuration k8s_sandbox will use (kubeconfig first, then in-cluster).

    The namespace is the one k8s_sandbox installs into: ``INSPECT_K8S_DEFAULT_NAMESPACE``,
    else the context's (in-cluster: the pod's), else ``default``.

    Raises:
        SetupError: No kubeconfig or context, and not in a pod (the message says which).
    """
    from kubernetes import client, config
    from kubernetes.config import ConfigException

    where = f"context {context!r}" if context else "the current kubeconfig context"
    # Read now: the client reads $KUBECONFIG once, when it is first imported.
    kubeconfig = os.environ.get("KUBECONFIG") or DEFAULT_KUBECONFIG
    configuration = client.Configuration()
    try:
        try:
            config.load_kube_config(  # type: ignore[no-untyped-call]
                config_file=kubeconfig, context=context, client_configuration=configuration
            )
            contexts, current = config.list_kube_config_contexts(  # type: ignore[no-untyped-call]
                config_file=kubeconfig
            )
            chosen = next((c for c in contexts if c["name"] == context), current) or {}
            namespace = chosen.get("context", {}).get("namespace")
        except ConfigException:
            # As k8s_sandbox does: no kubeconfig, then this pod's own service account.
            if context is not None or "KUBERNETES_SERVICE_HOST" not in os.environ:
                raise
            config.load_incluster_config(  # type: ignore[no-untyped-call]
                client_configuration=configuration
            )
            where = "this pod's service account"
            namespace = IN_CLUSTER_NAMESPACE.read_text().strip()
    except (ConfigException, OSError, ValueError, TypeError) as err:
        raise SetupError(
            f"no Kubernetes cluster is configured ({where} in {kubeconfig}: {_short(err)}). "
            "Point KUBECONFIG at the cluster's kubeconfig, or name a context with --k8s-context"
        ) from err
    configuration.retries = 0  # one try: a refused connection is the answer
    namespace = os.environ.get("INSPECT_K8S_DEFAULT_NAMESPACE", "").strip() or namespace
    return _Cluster(configuration, where, namespace or "default")


def _cluster_problem(context: str | None) -> str | None:
    """Why the cluster cannot be used (None: its API server answered)."""
    from kubernetes import client

    try:
        cluster = _load_cluster(context)
    except SetupError as err:
        return str(err)
    api = client.ApiClient(cluster.configuration)
    try:
        client.VersionApi(api).get_code(_request_timeout=API_TIMEOUT_SEC)
    except Exception as err:  # noqa: BLE001 - any failure means the API server is not usable
        return (
            f"the Kubernetes API server at {cluster.configuration.host} ({cluster.where}) does "
            f"not answer ({_short(err)}). Check that the cluster is up and reachable from here "
            "(`kubectl version`)"
        )
    finally:
        api.close()  # type: ignore[no-untyped-call]
    return None


Quota = tuple[str, dict[str, str], dict[str, str]]
"""A ResourceQuota as ``(name, status.hard, status.used)``."""


def namespace_quotas(context: str | None) -> tuple[str, list[Quota] | None]:
    """The sandboxes' namespace and its ResourceQuotas (None: not allowed to read them).

    Raises:
        SetupError: The cluster is not configured or does not answer.
    """
    from kubernetes import client
    from kubernetes.client.exceptions import ApiException

    cluster = _load_cluster(context)
    api = client.ApiClient(cluster.configuration)
    try:
        listed = client.CoreV1Api(api).list_namespaced_resource_quota(
            cluster.namespace, _request_timeout=API_TIMEOUT_SEC
        )
    except ApiException as err:
        if err.status in (401, 403):
            return cluster.namespace, None
        raise SetupError(
            f"cannot read the ResourceQuotas of namespace {cluster.namespace!r} ({_short(err)})"
        ) from err
    except Exception as err:  # noqa: BLE001 - the API server stopped answering
        raise SetupError(
            f"the Kubernetes API server at {cluster.configuration.host} stopped answering "
            f"({_short(err)})"
        ) from err
    finally:
        api.close()  # type: ignore[no-untyped-call]
    quotas: list[Quota] = [
        (
            str(q.metadata.name if q.metadata else "?"),
            dict(q.status.hard or {}),
            dict(q.status.used or {}),
        )
        for q in listed.items
        if q.status is not None
    ]
    return cluster.namespace, quotas


def check_k8s_ready(target: K8sTarget) -> None:
    """Check, before a k8s run writes anything, that its sandboxes can start at all.

    Everything missing is named in one message: the package, Helm's CLI (the k8s sandbox
    installs a release per sample), and a cluster whose API server answers.

    Raises:
        SetupError: Something is missing (exit 2).
    """
    if importlib.util.find_spec(K8S_MODULE) is None:
        raise SetupError(
            f"--sandbox k8s: the package {K8S_PACKAGE} is not installed; nothing was run. "
            f"Install it: {INSTALL_HINT}."
        )
    problems = []
    if shutil.which("helm") is None:
        problems.append(
            "the helm CLI (>= 3.13; the k8s sandbox installs one release per sample) is not "
            "on PATH: https://helm.sh/docs/intro/install/"
        )
    cluster = _cluster_problem(target.context)
    if cluster is not None:
        problems.append(cluster)
    if problems:
        raise SetupError(
            "--sandbox k8s: cannot start, nothing was run: " + "; and ".join(problems) + "."
        )
