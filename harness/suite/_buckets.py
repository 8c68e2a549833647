"""Doubling buckets of human time (``<1``, ``[1,2)``, ``[2,4)``, ... minutes) and suite tables."""

import math
from collections import Counter

from ._spec import Suite


def bucket_label(minutes: float) -> str:
    """The doubling bucket holding ``minutes``, e.g. ``'[8,16)'``; ``'<1'`` below a minute."""
    if minutes < 1:
        return "<1"
    low = 2 ** math.floor(math.log2(minutes))
    return f"[{low},{low * 2})"


def bucket_floor(label: str) -> float:
    """Lower edge of a bucket label, in minutes (``<1`` -> 0): a sort key for labels."""
    return 0.0 if label == "<1" else float(label[1:].split(",")[0])


def bucket_table(suite: Suite) -> str:
    """Markdown: tasks per doubling bucket, then per family (``horizon tasks list --markdown``)."""
    by_bucket: dict[str, list[str]] = {}
    for task in sorted(suite.tasks, key=lambda t: t.human_minutes):
        by_bucket.setdefault(bucket_label(task.human_minutes), []).append(
            f"{task.id} ({task.human_minutes:g})"
        )
    lines = [
        f"Suite `{suite.name}` {suite.config.version}: {len(suite.tasks)} tasks, "
        f"{len({t.family for t in suite.tasks})} families.",
        "",
        "| human minutes | tasks | which (minutes) |",
        "| --- | ---: | --- |",
    ]
    for label in sorted(by_bucket, key=bucket_floor):
        lines.append(f"| {label} | {len(by_bucket[label])} | {', '.join(by_bucket[label])} |")
    lines += ["", "| family | tasks |", "| --- | ---: |"]
    families = Counter(t.family for t in suite.tasks)
    lines += [f"| {family} | {n} |" for family, n in sorted(families.items())]
    return "\n".join(lines) + "\n"
