"""Doubling buckets of human time (``<1``, ``[1,2)``, ``[2,4)``, ... minutes) and suite tables.

The one definition of a bucket: the suite tables, the run summary and the report's "observed
success per doubling" all call :func:`bucket_edges` (or :func:`bucket_label`, built on it), so
they cannot disagree on where a task falls. Everything under a minute is one bucket, ``<1``
(``[0, 1)``): sub-minute tasks are few, and halving down to seconds gives one-task columns.
"""

import math
from collections import Counter
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the schema is only needed to annotate bucket_table
    from ._spec import Suite

SUB_MINUTE_LABEL = "<1"
"""Label of the bucket that holds every task shorter than a minute."""


def bucket_edges(minutes: float) -> tuple[float, float]:
    """The doubling bucket ``[low, high)`` holding ``minutes``.

    Args:
        minutes: Human minutes of a task, > 0.

    Returns:
        ``(0, 1)`` below a minute, else ``(2**k, 2**(k+1))`` with ``2**k <= minutes``.
    """
    if minutes < 1:
        return 0.0, 1.0
    low = float(2 ** math.floor(math.log2(minutes)))
    return low, 2 * low


UNTIMED_LABEL = "untimed"
"""Label of the tasks without human time (a Harbor task need not say): never fitted."""


def bucket_label(minutes: float | None) -> str:
    """The doubling bucket holding ``minutes``, e.g. ``'[8,16)'``; ``'<1'`` below a minute.

    :data:`UNTIMED_LABEL` for a task without human time (``None`` or NaN).
    """
    if minutes is None or math.isnan(minutes):
        return UNTIMED_LABEL
    low, high = bucket_edges(minutes)
    return SUB_MINUTE_LABEL if low == 0 else f"[{int(low)},{int(high)})"


def bucket_floor(label: str) -> float:
    """Lower edge of a bucket label, in minutes (``<1`` -> 0, untimed last): a sort key."""
    if label == UNTIMED_LABEL:
        return math.inf
    return 0.0 if label == SUB_MINUTE_LABEL else float(label[1:].split(",")[0])


def bucket_table(suite: "Suite") -> str:
    """Markdown: tasks per doubling bucket, then per family (``horizon tasks list --markdown``).

    Each bucket also counts its baselined tasks (human times measured, not estimated), and a
    line sums the suite's long end against the targets for measuring frontier agents.
    """
    by_bucket: dict[str, list[str]] = {}
    baselined: Counter[str] = Counter()
    timed = [(t, t.human_minutes) for t in suite.tasks if t.human_minutes is not None]
    for task, minutes in sorted(timed, key=lambda pair: pair[1]):
        label = bucket_label(minutes)
        by_bucket.setdefault(label, []).append(f"{task.id} ({minutes:g})")
        baselined[label] += task.human_source == "baseline"
    untimed = [t.id for t in suite.tasks if t.human_minutes is None]
    if untimed:
        by_bucket[UNTIMED_LABEL] = untimed
    long_tasks = [t for t, minutes in timed if minutes >= 256]
    lines = [
        f"Suite `{suite.name}` {suite.config.version}: {len(suite.tasks)} tasks, "
        f"{len({t.family for t in suite.tasks})} families; "
        f"{sum(baselined.values())} baselined, the rest estimated (tasks/README.md).",
        "",
        f"Long end: {len(long_tasks)} tasks of 256 minutes or more in "
        f"{len({t.family for t in long_tasks})} families; "
        f"{sum(minutes >= 960 for _, minutes in timed)} of 960 or more; "
        f"{sum(minutes >= 1920 for _, minutes in timed)} of 1,920 (32 h) or more.",
        "",
        "| human minutes | tasks | baselined | which (minutes) |",
        "| --- | ---: | ---: | --- |",
    ]
    for label in sorted(by_bucket, key=bucket_floor):
        lines.append(
            f"| {label} | {len(by_bucket[label])} | {baselined[label]} | "
            f"{', '.join(by_bucket[label])} |"
        )
    lines += ["", "| family | tasks |", "| --- | ---: |"]
    families = Counter(t.family for t in suite.tasks)
    lines += [f"| {family} | {n} |" for family, n in sorted(families.items())]
    return "\n".join(lines) + "\n"
