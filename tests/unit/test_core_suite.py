"""The built-in suites: the distribution issues #6 and #11 ask for, labels under the protocol,
and docs generated, not hand-kept."""

import math
import re
from collections import Counter
from pathlib import Path

import pytest

from harness.suite import bucket_label, bucket_table, load_suite

TASKS_README = Path(__file__).resolve().parents[2] / "tasks" / "README.md"


@pytest.fixture(scope="module")
def core():  # type: ignore[no-untyped-def]
    return load_suite("core")


def test_core_spans_seconds_to_thirty_two_hours(core) -> None:  # type: ignore[no-untyped-def]
    minutes = [t.human_minutes for t in core.tasks]
    assert len(core.tasks) >= 48
    assert min(minutes) <= 0.5 and max(minutes) >= 1920
    buckets = Counter(bucket_label(m) for m in minutes)
    assert buckets["<1"] >= 3
    for low in (2**k for k in range(10)):  # [1,2) ... [512,1024)
        assert buckets[f"[{low},{low * 2})"] >= 2, f"bucket [{low},{low * 2}) has too few tasks"


def test_core_has_a_wide_top(core) -> None:  # type: ignore[no-untyped-def]
    """Issue 11: frontier agents need long tasks of many kinds to be measured at all."""
    long = [t for t in core.tasks if t.human_minutes >= 256]
    assert len(long) >= 16 and len({t.family for t in long}) >= 6
    assert sum(t.human_minutes >= 960 for t in core.tasks) >= 4
    assert sum(t.human_minutes >= 1920 for t in core.tasks) >= 2


def test_core_is_version_two(core) -> None:  # type: ignore[no-untyped-def]
    assert int(core.config.version.split(".")[0]) >= 2


def test_every_core_label_follows_the_protocol(core) -> None:  # type: ignore[no-untyped-def]
    """Two independent estimates, reconciled between them, with the reasoning written down
    (tasks/README.md, "The labelling protocol"); the schema checks the reconciled figure lies
    between the estimates."""
    for task in core.tasks:
        human = task.config.human
        assert human is not None, task.id
        if task.human_source == "baseline":
            continue
        estimates = human.estimates
        assert len(estimates) >= 2, f"{task.id}: needs two [[human.estimates]]"
        assert len({e.by for e in estimates}) >= 2, f"{task.id}: estimates by one estimator"
        assert all(e.basis.strip() for e in estimates), task.id


def test_core_families_are_many_and_none_dominates(core) -> None:  # type: ignore[no-untyped-def]
    families = Counter(t.family for t in core.tasks)
    assert len(families) >= 10
    assert max(families.values()) <= math.floor(len(core.tasks) / 5)


@pytest.mark.parametrize("suite", ["core", "smoke"])
def test_every_task_carries_its_provenance(suite: str) -> None:
    for task in load_suite(suite).tasks:
        human = task.config.human
        assert human is not None and human.rationale, task.id
        assert task.config.canary and "horizon-canary" in task.config.canary, task.id
        assert task.config.family, task.id
        assert not task.config.environment.allow_internet, task.id


def test_canaries_are_unique(core) -> None:  # type: ignore[no-untyped-def]
    canaries = [t.config.canary for t in core.tasks]
    assert len(set(canaries)) == len(canaries)


def test_smoke_is_short() -> None:
    smoke = load_suite("smoke")
    assert len(smoke.tasks) <= 8
    assert max(t.human_minutes for t in smoke.tasks) <= 15


def test_tasks_readme_table_is_the_generated_one(core) -> None:  # type: ignore[no-untyped-def]
    text = TASKS_README.read_text()
    block = re.search(r"<!-- bucket-table:begin -->\n(.*?)<!-- bucket-table:end -->", text, re.S)
    assert block, "tasks/README.md lacks the generated bucket table markers"
    assert block.group(1) == bucket_table(core), (
        "tasks/README.md is stale: regenerate with `horizon tasks list --suite core --markdown`"
    )
