"""Inspect entry point (group ``inspect_ai``): makes horizon's extensions known to Inspect.

Importing registers the ``scripted`` model provider and the ``horizon_suite`` task, so
``inspect eval`` and ``--model scripted/...`` find them without importing horizon first.
"""

from harness.agents import ScriptedModel
from harness.run import horizon_suite

__all__ = ["ScriptedModel", "horizon_suite"]
