"""Harbor's separate verifier, planned without Docker: mode, image, container, what is carried."""

import io
import tarfile
from pathlib import Path

import pytest

from harness.errors import SetupError
from harness.sandbox import (
    CONVENTION_ARTIFACTS,
    ROOT_CAPABILITIES,
    CarryTooLarge,
    K8sTarget,
    _carry,
    carry_paths,
    collected_paths,
    prepare_k8s_sandboxes,
    sandbox_config,
    separate_verifier,
    task_images,
)
from harness.sandbox._box_config import container_spec
from harness.sandbox._carry import _filtered
from harness.suite import load_task

HARBOR = Path(__file__).resolve().parents[1] / "data" / "harbor"
BASE = (HARBOR / "schema-1-0" / "task.toml").read_text()


def _task(tmp_path: Path, verifier: str, top: str = "", tests_dockerfile: bool = False) -> Path:
    task = tmp_path / "task"
    for part in ("environment", "solution", "tests"):
        (task / part).mkdir(parents=True)
    (task / "environment" / "Dockerfile").write_text("FROM horizon-python:latest\n")
    (task / "tests" / "test.sh").write_text("#!/bin/bash\n")
    (task / "solution" / "solve.sh").write_text("#!/bin/bash\n")
    (task / "instruction.md").write_text("Do it.\n")
    if tests_dockerfile:
        (task / "tests" / "Dockerfile").write_text("FROM horizon-python:latest\n")
    (task / "task.toml").write_text(
        f'schema_version = "1.1"\n{top}\n[metadata]\nexpert_time_estimate_min = 3\n\n'
        f"[environment]\nmemory_mb = 1024\ncpus = 1\n\n{verifier}"
    )
    return task


@pytest.mark.parametrize(
    ("verifier", "separate"),
    [
        ("", False),
        ('[verifier]\nenvironment_mode = "shared"\n', False),
        ('[verifier]\nenvironment_mode = "separate"\n', True),
        ("[verifier.environment]\nmemory_mb = 512\n", True),  # implies separate, as Harbor
    ],
)
def test_mode_is_resolved_as_harbor_does(tmp_path: Path, verifier: str, separate: bool) -> None:
    spec = load_task(_task(tmp_path, verifier))
    assert separate_verifier(spec) is separate
    assert (task_images(spec).verifier is not None) is separate
    assert (sandbox_config(spec).verifier is not None) is separate


def test_shared_mode_with_a_verifier_environment_is_refused(tmp_path: Path) -> None:
    with pytest.raises(Exception, match="shared"):
        load_task(
            _task(tmp_path, '[verifier]\nenvironment_mode = "shared"\n[verifier.environment]\n')
        )


def test_the_fixture_task_loads_with_its_hook_and_its_own_verifier_image() -> None:
    spec = load_task(HARBOR / "separate-verifier")
    hook = spec.config.verifier.collect[0]
    assert (hook.command, hook.service, hook.timeout_sec, hook.user) == (
        "cp /app/hello.txt /logs/artifacts/hello.txt",
        "main",
        30.0,
        None,
    )
    images = task_images(spec)
    assert images.verifier is not None
    assert images.verifier.context == spec.tests_dir  # built from tests/, never from environment/
    assert images.verifier.tag.startswith("horizon-task-harbor-separate-verifier-verifier:")
    assert images.verifier.tag != images.main.tag
    assert [s.tag for s in images.all] == [images.main.tag, images.verifier.tag]


def test_without_an_image_of_its_own_the_verifier_runs_a_fresh_copy_of_the_task_image(
    tmp_path: Path,
) -> None:
    spec = load_task(_task(tmp_path, '[verifier]\nenvironment_mode = "separate"\n'))
    images = task_images(spec)
    assert images.verifier == images.main
    assert len(images.all) == 1


def test_a_prebuilt_verifier_image_comes_first_and_the_image_map_applies(tmp_path: Path) -> None:
    verifier = '[verifier.environment]\ndocker_image = "grader:1"\n'
    spec = load_task(_task(tmp_path, verifier, tests_dockerfile=True))
    images = task_images(spec, {"grader:1": "mirror/grader:1"})
    assert images.verifier is not None and not images.verifier.built
    assert (images.verifier.tag, images.verifier.written_as) == ("mirror/grader:1", "grader:1")


def test_the_verifier_container_is_hardened_with_its_own_resources_and_network(
    tmp_path: Path,
) -> None:
    verifier = (
        '[verifier.environment]\nmemory_mb = 512\ncpus = 0.5\nnetwork_mode = "public"\n'
        'env = { GRADER = "yes" }\n'
    )
    spec = load_task(_task(tmp_path, verifier, tests_dockerfile=True))
    config = sandbox_config(spec).verifier
    assert config is not None
    assert (config.memory_mb, config.cpus, config.allow_internet) == (512, 0.5, True)
    assert config.env == {"GRADER": "yes"}
    assert config.sidecars == () and config.verifier is None
    body = container_spec(config, {"dev.horizon.managed": "true"}, None)
    host = body["HostConfig"]
    assert host["CapDrop"] == ["ALL"] and host["CapAdd"] == list(ROOT_CAPABILITIES)
    assert host["SecurityOpt"] == ["no-new-privileges:true"]
    assert host["Memory"] == 512 * 1024 * 1024
    assert body["Labels"]["dev.horizon.managed"] == "true"


def test_a_verifier_environment_silent_on_the_network_takes_the_tasks(tmp_path: Path) -> None:
    spec = load_task(
        _task(tmp_path, "[verifier.environment]\nmemory_mb = 512\n", tests_dockerfile=True)
    )
    config = sandbox_config(spec).verifier
    assert config is not None
    assert config.allow_internet is spec.config.environment.allow_internet is True  # Harbor's


def test_collected_paths_are_the_artifacts_folder_and_mains_artifacts(tmp_path: Path) -> None:
    top = 'artifacts = ["/app/out.txt", { source = "/app/db/", destination = "db" }]'
    spec = load_task(_task(tmp_path, '[verifier]\nenvironment_mode = "separate"\n', top))
    assert collected_paths(spec) == (CONVENTION_ARTIFACTS, "/app/out.txt", "/app/db")


def test_hooks_or_artifacts_in_sidecars_are_unsupported_here(tmp_path: Path) -> None:
    verifier = (
        '[verifier]\nenvironment_mode = "separate"\n'
        '[[verifier.collect]]\ncommand = "pg_dump > /dump.sql"\nservice = "db"\n'
    )
    with pytest.raises(Exception, match=r"unsupported here: \[\[verifier.collect\]\].service"):
        load_task(_task(tmp_path, verifier))


def _tar(members: list[tuple[tarfile.TarInfo, bytes]]) -> io.BytesIO:
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w") as tar:
        for info, data in members:
            info.size = len(data) if info.isreg() else 0
            tar.addfile(info, io.BytesIO(data) if info.isreg() else None)
    raw.seek(0)
    return raw


def test_carrying_drops_links_that_leave_and_setuid_bits_and_keeps_the_path() -> None:
    folder = tarfile.TarInfo("artifacts")
    folder.type, folder.mode = tarfile.DIRTYPE, 0o777
    good = tarfile.TarInfo("artifacts/hello.txt")
    good.mode = 0o4755
    escape = tarfile.TarInfo("artifacts/expected")
    escape.type, escape.linkname = tarfile.SYMTYPE, "/tests/expected.txt"
    up = tarfile.TarInfo("artifacts/up")
    up.type, up.linkname = tarfile.SYMTYPE, "../../tests"
    dropped: list[str] = []
    raw = _tar([(folder, b""), (good, b"Hello"), (escape, b""), (up, b"")])
    with _filtered(raw, "/logs", dropped) as out, tarfile.open(fileobj=out) as tar:
        members = {m.name: m for m in tar.getmembers()}
        assert set(members) == {"logs/artifacts", "logs/artifacts/hello.txt"}
        assert members["logs/artifacts/hello.txt"].mode & 0o4000 == 0
        extracted = tar.extractfile("logs/artifacts/hello.txt")
        assert extracted is not None and extracted.read() == b"Hello"
    assert sorted(dropped) == ["artifacts/expected", "artifacts/up"]


class _FakeEngine:
    """The two archive calls :func:`carry_paths` makes, over a dict of path -> tar bytes."""

    def __init__(self, archives: dict[str, bytes]) -> None:
        self.archives = archives
        self.put: list[tuple[str, str, bytes]] = []

    def get_archive(self, container: str, path: str) -> tuple[list[bytes], dict[str, object]]:
        import docker.errors

        if path not in self.archives:
            raise docker.errors.NotFound(f"no {path}")
        data = self.archives[path]
        return [data[i : i + 100] for i in range(0, len(data), 100)], {}

    def put_archive(self, container: str, path: str, data: io.IOBase) -> bool:
        self.put.append((container, path, data.read()))
        return True


def _one_file(name: str, data: bytes) -> bytes:
    info = tarfile.TarInfo(name)
    info.mode = 0o644
    return _tar([(info, data)]).getvalue()


def test_a_missing_path_is_carried_as_absent_and_too_much_is_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    engine = _FakeEngine({"/app/out.txt": _one_file("out.txt", b"x" * 1000)})
    monkeypatch.setattr(_carry, "api", lambda: engine)
    carried = carry_paths("agent", "grader", ("/logs/artifacts", "/app/out.txt"), 100_000)
    assert (carried.copied, carried.missing) == (("/app/out.txt",), ("/logs/artifacts",))
    [(container, where, data)] = engine.put
    assert (container, where) == ("grader", "/")
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        assert tar.getnames() == ["app/out.txt"]
    with pytest.raises(CarryTooLarge, match="/app/out.txt holds more than"):
        carry_paths("agent", "grader", ("/app/out.txt",), 500)


def test_a_k8s_run_refuses_separate_verifier_tasks_naming_them(tmp_path: Path) -> None:
    """Only horizon's Docker sandbox starts the verifier's container; nothing is half run."""
    spec = load_task(HARBOR / "separate-verifier")
    with pytest.raises(SetupError, match=r"--sandbox k8s: separate-verifier grade\(s\) in a sep"):
        prepare_k8s_sandboxes(
            [spec], K8sTarget("registry.lab:5000"), tmp_path / "values", suite="harbor"
        )
    assert not (tmp_path / "values").exists()
