"""Suite stage: ``tasks/<suite>/<task>/`` folders -> validated ``TaskSpec`` objects.

Imports neither Docker nor Inspect's eval machinery. The bucket functions load eagerly; the
task schema and loader (pydantic models, ~0.1 s to build) load on first use, so stages that
only need buckets (``harness.horizon``'s diagnostics, the run summary) do not pay for them.
"""

import importlib
from typing import TYPE_CHECKING, Any

from ._buckets import bucket_edges, bucket_floor, bucket_label, bucket_table

if TYPE_CHECKING:
    from ._baselines import append_baseline
    from ._compose import (
        COMPOSE_FILES,
        MAIN_IMAGE,
        MAIN_SERVICE,
        ComposeFile,
        ComposeHealthcheck,
        ComposeService,
        find_compose_file,
        read_compose,
    )
    from ._harbor import Healthcheck, resolve_env
    from ._import import ImportReport, import_dataset
    from ._load import (
        format_validation_error,
        load_suite,
        load_task,
        load_task_cached,
        suite_path,
    )
    from ._spec import (
        Baseline,
        EnvironmentSection,
        HumanSection,
        StepSpec,
        Suite,
        SuiteToml,
        TaskSpec,
        TaskToml,
    )

_LAZY: dict[str, str] = {
    "append_baseline": "._baselines",
    "COMPOSE_FILES": "._compose",
    "MAIN_IMAGE": "._compose",
    "MAIN_SERVICE": "._compose",
    "ComposeFile": "._compose",
    "ComposeHealthcheck": "._compose",
    "ComposeService": "._compose",
    "find_compose_file": "._compose",
    "read_compose": "._compose",
    "Healthcheck": "._harbor",
    "resolve_env": "._harbor",
    "ImportReport": "._import",
    "import_dataset": "._import",
    "format_validation_error": "._load",
    "load_suite": "._load",
    "load_task": "._load",
    "load_task_cached": "._load",
    "suite_path": "._load",
    "Baseline": "._spec",
    "EnvironmentSection": "._spec",
    "HumanSection": "._spec",
    "StepSpec": "._spec",
    "Suite": "._spec",
    "SuiteToml": "._spec",
    "TaskSpec": "._spec",
    "TaskToml": "._spec",
}
"""Public name -> the private module that defines it, imported on first access (PEP 562)."""


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(_LAZY[name], __name__), name)
    globals()[name] = value
    return value


__all__ = [
    "append_baseline",
    "COMPOSE_FILES",
    "MAIN_IMAGE",
    "MAIN_SERVICE",
    "ComposeFile",
    "ComposeHealthcheck",
    "ComposeService",
    "find_compose_file",
    "read_compose",
    "Healthcheck",
    "resolve_env",
    "ImportReport",
    "import_dataset",
    "Baseline",
    "EnvironmentSection",
    "HumanSection",
    "StepSpec",
    "Suite",
    "SuiteToml",
    "TaskSpec",
    "TaskToml",
    "bucket_edges",
    "bucket_floor",
    "bucket_label",
    "bucket_table",
    "format_validation_error",
    "load_suite",
    "load_task",
    "load_task_cached",
    "suite_path",
]
