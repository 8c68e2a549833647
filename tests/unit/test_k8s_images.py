"""`horizon images push`: which images go to the registry, under which tags, in which order.

No registry can run here (its image cannot be pulled), so the push itself (``docker tag`` and
``docker push``) is replaced by a recorder; what is tested is the plan and its orchestration.
"""

import json
from typing import Any

import pytest
from click.testing import CliRunner

import harness.sandbox as sandbox
from harness.cli import _main
from harness.errors import ExitCode, SetupError
from harness.sandbox import (
    ImagePush,
    _registry,
    base_images,
    missing_images,
    push_plan,
    task_image_tag,
)
from harness.sandbox._task_images import TaskImageBuild
from harness.suite import load_suite

REGISTRY = "registry.lab.example:5000/evals"


def test_the_plan_is_base_images_then_each_tasks_content_hash_tag_under_the_registry() -> None:
    specs = load_suite("smoke").tasks
    plan = push_plan(specs, REGISTRY + "/")  # a trailing slash is not doubled
    bases = base_images()
    assert [p.kind for p in plan] == ["base"] * len(bases) + ["task"] * len(specs)
    for push, image in zip(plan, bases, strict=False):
        assert push == ImagePush("base", image.tag, f"{REGISTRY}/{image.tag}")
        assert image.tag.split(":")[1] != "latest"
    for push, spec in zip(plan[len(bases) :], specs, strict=True):
        tag = task_image_tag(spec)
        assert push == ImagePush("task", tag, f"{REGISTRY}/{tag}", spec.id)
        assert tag.startswith(f"horizon-task-smoke-{spec.id}:")


def _fake_docker(monkeypatch: pytest.MonkeyPatch, fail: str | None = None) -> list[ImagePush]:
    """Record pushes instead of running docker; ``fail``: a target whose push fails."""
    pushed: list[ImagePush] = []

    def push_image(push: ImagePush) -> None:
        if push.target == fail:
            raise SetupError(f"{push.target}: docker push failed:\ndenied")
        pushed.append(push)

    def build_task_images(specs: Any, progress: Any = None) -> list[TaskImageBuild]:
        return [TaskImageBuild(s.id, task_image_tag(s), built=False, seconds=0) for s in specs]

    monkeypatch.setattr(sandbox, "push_image", push_image)
    monkeypatch.setattr(sandbox, "build_task_images", build_task_images)
    return pushed


def test_dry_run_json_lists_the_plan_and_touches_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    pushed = _fake_docker(monkeypatch)
    monkeypatch.setattr(sandbox, "build_task_images", None)  # would raise if called
    args = ["images", "push", "--registry", REGISTRY, "--suite", "smoke", "--dry-run", "--json"]
    result = CliRunner().invoke(_main.horizon, args)
    assert result.exit_code == ExitCode.OK, result.output
    document = json.loads(result.stdout)
    assert document["schema_version"] == 1 and document["dry_run"] is True
    expected = push_plan(load_suite("smoke").tasks, REGISTRY)
    assert [ImagePush(**image) for image in document["images"]] == expected
    assert pushed == []


def test_push_sends_base_images_before_task_images(monkeypatch: pytest.MonkeyPatch) -> None:
    pushed = _fake_docker(monkeypatch)
    args = [
        "images",
        "push",
        "--registry",
        REGISTRY,
        "--suite",
        "smoke",
        "--task",
        "write-greeting",
    ]
    result = CliRunner().invoke(_main.horizon, args)
    assert result.exit_code == ExitCode.OK, result.output
    assert [p.kind for p in pushed] == ["base"] * len(base_images()) + ["task"]
    spec = load_suite("smoke", ["write-greeting"]).tasks[0]
    assert f"pushed {task_image_tag(spec)} -> {REGISTRY}/{task_image_tag(spec)}" in result.stdout


def test_a_failed_push_exits_2_naming_it_after_trying_the_rest(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    specs = load_suite("smoke").tasks
    broken = f"{REGISTRY}/{task_image_tag(specs[0])}"
    pushed = _fake_docker(monkeypatch, fail=broken)
    result = CliRunner().invoke(
        _main.horizon, ["images", "push", "--registry", REGISTRY, "--suite", "smoke"]
    )
    assert result.exit_code == ExitCode.ERROR
    assert f"1 of {len(base_images()) + len(specs)} images did not push" in result.output
    assert f"{broken}: docker push failed" in result.output
    assert len(pushed) == len(base_images()) + len(specs) - 1


def test_an_image_that_does_not_build_stops_the_push(monkeypatch: pytest.MonkeyPatch) -> None:
    from harness.errors import TaskSpecError

    pushed = _fake_docker(monkeypatch)

    def build_task_images(specs: Any, progress: Any = None) -> list[TaskImageBuild]:
        error = TaskSpecError("Dockerfile: docker build failed")
        return [TaskImageBuild(s.id, task_image_tag(s), False, 0.0, error) for s in specs]

    monkeypatch.setattr(sandbox, "build_task_images", build_task_images)
    args = [
        "images",
        "push",
        "--registry",
        REGISTRY,
        "--suite",
        "smoke",
        "--task",
        "write-greeting",
    ]
    result = CliRunner().invoke(_main.horizon, args)
    assert result.exit_code == ExitCode.ERROR
    assert "1 task image(s) did not build, nothing was pushed" in result.output
    assert pushed == []


def test_push_image_tags_then_pushes_and_names_the_fix(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[str, ...]] = []

    def docker(*args: str, timeout: float) -> str | None:
        calls.append(args)
        return "denied: requested access to the resource is denied" if args[0] == "push" else None

    monkeypatch.setattr(_registry, "_docker", docker)
    push = ImagePush("task", "horizon-task-s-t:abc", f"{REGISTRY}/horizon-task-s-t:abc", "t")
    with pytest.raises(SetupError, match="docker login"):
        _registry.push_image(push)
    assert calls == [
        ("tag", push.source, push.target),
        ("push", "-q", push.target),
    ]


def test_missing_images_asks_once_per_image_and_keeps_the_reasons() -> None:
    asked: list[str] = []

    def lookup(ref: str) -> str | None:
        asked.append(ref)
        return None if ref.endswith(":1") else "not in the registry"

    missing = missing_images(["r/a:1", "r/b:2", "r/a:1", "r/c:3"], lookup)
    assert missing == {"r/b:2": "not in the registry", "r/c:3": "not in the registry"}
    assert sorted(asked) == ["r/a:1", "r/b:2", "r/c:3"]


def test_images_help_lists_push() -> None:
    result = CliRunner().invoke(_main.horizon, ["images", "--help"])
    assert result.exit_code == 0 and "push" in result.output
