"""Suite stage: ``tasks/<suite>/<task>/`` folders -> validated ``TaskSpec`` objects.

Imports neither Docker nor Inspect's eval machinery.
"""

from ._baselines import append_baseline
from ._buckets import bucket_floor, bucket_label, bucket_table
from ._load import format_validation_error, load_suite, load_task, load_task_cached, suite_path
from ._spec import Baseline, HumanSection, Suite, SuiteToml, TaskSpec, TaskToml

__all__ = [
    "append_baseline",
    "Baseline",
    "HumanSection",
    "Suite",
    "SuiteToml",
    "TaskSpec",
    "TaskToml",
    "bucket_floor",
    "bucket_label",
    "bucket_table",
    "format_validation_error",
    "load_suite",
    "load_task",
    "load_task_cached",
    "suite_path",
]
