"""horizon: an evaluation harness for long-horizon agent tasks.

The flow, one subpackage per stage:
``suite`` (task folders -> TaskSpec) -> ``sandbox`` (images, hardened containers) -> ``agents`` ->
``run`` (Inspect eval_set) -> ``scoring`` (verifier -> Outcome) -> ``runs`` (logs -> runs
table) -> ``horizon`` (weights, fit, bootstrap, trend) -> ``report`` (leaderboards).
"""

__version__ = "0.1.0"
