"""Suite stage: ``tasks/<suite>/<task>/`` folders -> validated ``TaskSpec`` objects.

Imports neither Docker nor Inspect's eval machinery.
"""

from ._buckets import bucket_label
from ._load import format_validation_error, load_suite, load_task, suite_path
from ._spec import Baseline, HumanSection, Suite, SuiteToml, TaskSpec, TaskToml

__all__ = [
    "Baseline",
    "HumanSection",
    "Suite",
    "SuiteToml",
    "TaskSpec",
    "TaskToml",
    "bucket_label",
    "format_validation_error",
    "load_suite",
    "load_task",
    "suite_path",
]
