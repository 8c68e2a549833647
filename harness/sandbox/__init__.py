"""Sandbox stage: the Docker engine, base images, per-task images and their sandbox configs.

On Kubernetes (``_k8s``), the same configs become Helm values for Inspect's ``k8s`` sandbox.

The Inspect sandbox itself (``_box``, type ``horizon``) is imported by ``harness.run``: importing
this package must not load Inspect.
"""

from ._agent_user import (
    AGENT_SURVIVED,
    AGENT_USER,
    hand_workdir_to_agent,
    kill_all_but_init,
    stop_agent_snippet,
)
from ._box_config import (
    ROOT_CAPABILITIES,
    SIDECAR_CAPABILITIES,
    BoxConfig,
    SidecarConfig,
    box_config,
    sandbox_config,
)
from ._carry import Carried, CarryTooLarge, carry_paths
from ._copy import CopyError, copy_folder_into
from ._disk import DEFAULT_STORAGE_MB, disk_watchdog, stopped_for_disk
from ._dockerfile import ImageMap
from ._engine import (
    MIN_COMPOSE_VERSION,
    MIN_ENGINE_VERSION,
    EngineStatus,
    engine_status,
    ensure_engine,
    ensure_userns,
    userns_enabled,
)
from ._images import BaseImage, base_images, build_base_image, ensure_image, image_exists
from ._k8s import (
    CLUSTER_DEFAULT_RUNTIME,
    DEFAULT_RUNTIME_CLASS,
    K8S_SANDBOX_TYPE,
    K8sTarget,
    chart_dir,
    check_k8s_ready,
    helm_values,
)
from ._k8s_prepare import K8sRun, prepare_k8s_sandboxes, task_values
from ._leftovers import (
    MANAGED_LABEL,
    RUN_LABEL,
    SANDBOX_LABEL,
    horizon_containers,
    remove_containers,
    remove_leftovers,
    run_label,
)
from ._registry import ImagePush, missing_images, push_image, push_plan
from ._separate import CONVENTION_ARTIFACTS, collected_paths, separate_verifier
from ._task_images import (
    DEFAULT_MAX_PARALLEL_BUILDS,
    BuildProgress,
    ImageSource,
    TaskImageBuild,
    TaskImages,
    build_task_image,
    build_task_images,
    task_image_tag,
    task_images,
)

__all__ = [
    "AGENT_USER",
    "ROOT_CAPABILITIES",
    "SIDECAR_CAPABILITIES",
    "SidecarConfig",
    "sandbox_config",
    "ImageMap",
    "ImageSource",
    "TaskImages",
    "task_images",
    "ensure_image",
    "SANDBOX_LABEL",
    "hand_workdir_to_agent",
    "AGENT_SURVIVED",
    "stop_agent_snippet",
    "kill_all_but_init",
    "DEFAULT_STORAGE_MB",
    "MANAGED_LABEL",
    "disk_watchdog",
    "stopped_for_disk",
    "RUN_LABEL",
    "horizon_containers",
    "remove_containers",
    "remove_leftovers",
    "run_label",
    "DEFAULT_MAX_PARALLEL_BUILDS",
    "MIN_COMPOSE_VERSION",
    "MIN_ENGINE_VERSION",
    "BaseImage",
    "BoxConfig",
    "BuildProgress",
    "EngineStatus",
    "TaskImageBuild",
    "base_images",
    "build_base_image",
    "build_task_image",
    "build_task_images",
    "box_config",
    "CopyError",
    "copy_folder_into",
    # Harbor's separate verifier (``[verifier] environment_mode = "separate"``)
    "CONVENTION_ARTIFACTS",
    "Carried",
    "CarryTooLarge",
    "carry_paths",
    "collected_paths",
    "separate_verifier",
    "engine_status",
    "ensure_engine",
    "ensure_userns",
    "userns_enabled",
    "image_exists",
    "task_image_tag",
    # Kubernetes (``horizon run --sandbox k8s``, ``horizon images push``)
    "CLUSTER_DEFAULT_RUNTIME",
    "DEFAULT_RUNTIME_CLASS",
    "K8S_SANDBOX_TYPE",
    "ImagePush",
    "K8sRun",
    "K8sTarget",
    "check_k8s_ready",
    "chart_dir",
    "helm_values",
    "missing_images",
    "prepare_k8s_sandboxes",
    "push_image",
    "push_plan",
    "task_values",
]
