"""A task's own environment, read without Docker: its compose file (services, what is refused
and why, errors naming file + key + fix), image maps, and the containers it makes (hardening,
env, workdir, healthcheck, size strings)."""

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from harness.cli import _main
from harness.errors import TaskSpecError, TaskUnsupportedError
from harness.sandbox import (
    MANAGED_LABEL,
    ROOT_CAPABILITIES,
    SIDECAR_CAPABILITIES,
    sandbox_config,
    task_images,
)
from harness.sandbox._box_config import container_spec, sidecar_spec
from harness.sandbox._disk import STORAGE_LABEL
from harness.sandbox._dockerfile import base_images, map_base_images, mapped_image
from harness.suite import load_suite, load_task, read_compose
from harness.suite._compose import interpolate, parse_duration

HARBOR = Path(__file__).resolve().parents[1] / "data" / "harbor"
MAP = {"registry.example/python:3.11": "horizon-python:latest"}


def task_with_compose(tmp_path: Path, compose: str, base: str = "sidecar-http") -> Path:
    """A copy of a Harbor test task whose compose file is ``compose``."""
    task = tmp_path / "t"
    shutil.copytree(HARBOR / base, task)
    (task / "environment" / "docker-compose.yaml").write_text(compose)
    return task


def test_sidecar_task_reads_main_settings_and_services_in_start_order() -> None:
    spec = load_task(HARBOR / "sidecar-http")
    assert spec.compose is not None
    assert list(spec.compose.sidecars) == ["web"]
    web = spec.compose.sidecars["web"]
    assert web.command == ("python3", "-m", "http.server", "8000", "--directory", "/srv")
    assert web.healthcheck is not None and web.healthcheck.test[0] == "CMD"
    assert (web.healthcheck.interval_sec, web.healthcheck.retries) == (1.0, 30)
    assert spec.compose.main.depends_on == {"web": "service_healthy"}
    assert spec.sandbox_env == {"SERVICE_URL": "http://web:8000"}
    # `ports` has no effect here, and says so; nothing is refused.
    assert any("services.web.ports: ignored" in n for n in spec.notices)


def test_compose_spellings_are_normalised(tmp_path: Path) -> None:
    task = task_with_compose(
        tmp_path,
        "services:\n"
        "  a:\n    image: x:1\n    command: sh -c 'echo hi'\n"
        "    environment: [K=V, FLAG=true]\n    user: 1000\n"
        "    healthcheck: {test: curl -f localhost, interval: 1m30s, start_period: 500ms}\n"
        "  b:\n    image: y:1\n    depends_on: [c, a]\n    environment: {FEATURE: true, N: 3}\n"
        "  c:\n    image: z:1\n    healthcheck: {disable: true}\n",
    )
    compose = load_task(task).compose
    assert compose is not None
    a, b, c = (compose.services[n] for n in "abc")
    assert a.command == ("sh", "-c", "echo hi") and a.user == "1000"
    assert a.environment == {"K": "V", "FLAG": "true"}
    assert a.healthcheck is not None and a.healthcheck.test == ("CMD-SHELL", "curl -f localhost")
    assert (a.healthcheck.interval_sec, a.healthcheck.start_period_sec) == (90.0, 0.5)
    assert b.environment == {"FEATURE": "true", "N": "3"}
    assert c.healthcheck is not None and c.healthcheck.disabled
    assert list(compose.sidecars) == ["a", "c", "b"]  # b after what it depends on


@pytest.mark.parametrize(
    ("service", "key"),
    [
        ("privileged: true", "services.db.privileged"),
        ("cap_add: [NET_ADMIN]", "services.db.cap_add"),
        ("network_mode: host", "services.db.network_mode"),
        ("volumes: ['/:/host']", "services.db.volumes"),
        ("devices: ['/dev/kvm:/dev/kvm']", "services.db.devices"),
        ("pid: host", "services.db.pid"),
    ],
)
def test_unsafe_compose_keys_are_refused_per_task(tmp_path: Path, service: str, key: str) -> None:
    task = task_with_compose(tmp_path, f"services:\n  db:\n    image: x:1\n    {service}\n")
    with pytest.raises(TaskUnsupportedError) as raised:
        load_task(task)
    message = str(raised.value)
    assert f"unsupported here: environment/docker-compose.yaml: {key}" in message
    assert "it runs build, command, depends_on" in message  # what is supported


@pytest.mark.parametrize(
    ("compose", "expected"),
    [
        ("services:\n  main:\n    command: [serve]\n", "services.main.command: main runs"),
        ("services:\n  main:\n    image: other:1\n", "services.main.image: 'other:1'"),
        ("services:\n  main:\n    build: ../tests\n", "services.main.build: main is built"),
        ("services:\n  s:\n    build: ../tests\n", "services.s.build.context: '../tests' is"),
        ("services:\n  s:\n    environment: {A: b}\n", "services.s: a sidecar needs an `image`"),
        ("services:\n  s:\n    image: x\n    depends_on: [main]\n", "sidecars start (and"),
        ("services:\n  s:\n    image: x\n    depends_on: [nope]\n", "depends_on.nope: no such"),
        ("services:\n  s:\n    image: x\n    depends_on: [s]\n", "cycle: s -> s"),
        ("services: {}\nvolumes:\n  data: {}\n", "volumes: a compose key"),
    ],
)
def test_what_main_and_sidecars_cannot_be_is_named(
    tmp_path: Path, compose: str, expected: str
) -> None:
    with pytest.raises(TaskUnsupportedError, match="unsupported here") as raised:
        load_task(task_with_compose(tmp_path, compose))
    assert expected in str(raised.value)


@pytest.mark.parametrize(
    ("compose", "expected"),
    [
        ("services: [a]\n", "(top level): must be a mapping with `services`"),
        ("services:\n  s: {image: x, healthcheck: {test: t, interval: 5 parsecs}}\n", "`interval`"),
        ("services:\n  s: {image: x, healthcheck: {test: [RUN, x]}}\n", "must start with CMD"),
        ("services:\n  s: {image: '${HORIZON_TEST_NEVER_SET}'}\n", "services.s.image: ${HORIZ"),
        ("services:\n  s: {image: x, depends_on: {a: {condition: soon}}}\n", "depends_on.a"),
        ("services: {s: [\n", "not valid YAML"),
    ],
)
def test_a_malformed_compose_file_names_file_key_and_fix(
    tmp_path: Path, compose: str, expected: str
) -> None:
    task = task_with_compose(tmp_path, compose)
    with pytest.raises(TaskSpecError) as raised:
        load_task(task)
    assert not isinstance(raised.value, TaskUnsupportedError)
    message = str(raised.value)
    assert str(task / "environment" / "docker-compose.yaml") in message
    assert expected in message


def test_interpolation_reads_harbor_variables_task_env_and_defaults(tmp_path: Path) -> None:
    variables = {"A": "1", "EMPTY": ""}
    assert interpolate("$A ${A} $$A ${B:-dflt} ${EMPTY:-x} ${EMPTY-x}", variables) == (
        "1 1 $A dflt x "
    )
    with pytest.raises(ValueError, match=r"k: \$\{B\} is not set: say B"):
        interpolate({"k": "${B?say B}"}, variables)
    task = task_with_compose(
        tmp_path,
        "services:\n  main:\n    build: {context: '${CONTEXT_DIR}'}\n"
        "    environment: {MEM: '${MEMORY}', TOKEN: '${TOKEN}'}\n"
        "  twin:\n    image: ${MAIN_IMAGE_NAME}\n    command: [sleep, infinity]\n",
    )
    with (task / "task.toml").open("a") as toml:
        toml.write('\n[environment.env]\nTOKEN = "from-task-env"\n')
    spec = load_task(task)
    assert spec.sandbox_env == {"MEM": "1024M", "TOKEN": "from-task-env"}
    images = task_images(spec)
    assert images.sidecars["twin"] == images.main  # a sidecar may run main's image
    assert parse_duration("1h2m3s") == 3723.0 and parse_duration(2) == 2.0


def test_main_may_name_the_prebuilt_image_as_harbors_prebuilt_file_does(tmp_path: Path) -> None:
    task = tmp_path / "t"
    shutil.copytree(HARBOR / "prebuilt-image", task)
    (task / "environment").mkdir()
    (task / "environment" / "docker-compose.yaml").write_text(
        "services:\n  main:\n    image: ${PREBUILT_IMAGE_NAME}\n"
    )
    assert load_task(task).compose is not None


def test_read_compose_without_a_file_is_none(tmp_path: Path) -> None:
    assert read_compose(tmp_path) is None


def test_sidecars_are_hardened_on_the_internal_network_and_main_keeps_its_walls() -> None:
    config = sandbox_config(load_task(HARBOR / "sidecar-http"))
    [web] = config.sidecars
    body = sidecar_spec(config, web, {MANAGED_LABEL: "true"}, "box-services")
    host = body["HostConfig"]
    assert host["NetworkMode"] == "box-services"
    assert body["NetworkingConfig"]["EndpointsConfig"]["box-services"]["Aliases"] == ["web"]
    assert host["CapDrop"] == ["ALL"] and host["CapAdd"] == list(SIDECAR_CAPABILITIES)
    assert not {"SYS_ADMIN", "NET_ADMIN", "NET_RAW", "MKNOD"} & set(host["CapAdd"])
    assert host["SecurityOpt"] == ["no-new-privileges:true"] and host["Init"] is True
    assert "Privileged" not in host and "Binds" not in host and "Devices" not in host
    assert host["Memory"] == 1024 * 1024 * 1024 and host["PidsLimit"] == config.pids_limit
    assert body["Labels"][MANAGED_LABEL] == "true"
    assert body["Cmd"][:3] == ["python3", "-m", "http.server"] and "Entrypoint" not in body
    check = body["Healthcheck"]
    assert check["Test"][0] == "CMD" and check["Interval"] == 1_000_000_000
    assert check["Retries"] == 30
    main = container_spec(config, {}, "box-services")
    assert main["HostConfig"]["CapAdd"] == list(ROOT_CAPABILITIES)
    assert main["Env"] == ["SERVICE_URL=http://web:8000"]
    assert main["NetworkingConfig"]["EndpointsConfig"]["box-services"]["Aliases"] == ["main"]


def test_env_workdir_and_healthcheck_reach_the_sandbox_and_the_verifier() -> None:
    spec = load_task(HARBOR / "env-workdir-health")
    assert spec.notices == ()  # applied, no longer "not yet applied by the sandbox layer"
    config = sandbox_config(spec)
    assert config.env == {"GREETING": "hello from [environment] env"}
    assert config.workdir == "/work/here"
    assert config.healthcheck is not None and config.healthcheck.retries == 3
    body = container_spec(config, {}, None)
    assert body["WorkingDir"] == "/work/here"
    assert body["Env"] == ["GREETING=hello from [environment] env"]
    assert body["HostConfig"]["NetworkMode"] == "none" and "NetworkingConfig" not in body
    assert spec.verifier_env == {"GREETING": "hello from [environment] env"}


def test_compose_main_healthcheck_is_mains_check_unless_task_toml_sets_one(
    tmp_path: Path,
) -> None:
    task = task_with_compose(
        tmp_path,
        "services:\n  main:\n    healthcheck:\n      test: [CMD, test, -f, /ready]\n"
        "      interval: 2s\n      retries: 5\n",
    )
    check = load_task(task).healthcheck
    assert check is not None and check.command == "test -f /ready"
    assert (check.interval_sec, check.retries) == (2.0, 5)


def test_size_strings_set_the_containers_memory_and_disk_limits() -> None:
    spec = load_task(HARBOR / "schema-1-0")  # memory = "1G", storage = "2G"
    body = container_spec(sandbox_config(spec), {}, None)
    assert body["HostConfig"]["Memory"] == 1024 * 1024 * 1024
    assert body["Labels"][STORAGE_LABEL] == "2048"  # the disk watchdog's limit, in MB


def test_prebuilt_image_is_main_and_an_image_map_replaces_any_image() -> None:
    prebuilt = load_task(HARBOR / "prebuilt-image")
    assert prebuilt.notices == ()
    assert task_images(prebuilt).main.tag == "example/hello:20250101"
    assert not task_images(prebuilt).main.built
    mapped = task_images(prebuilt, {"example/hello:20250101": "lab/hello:1"}).main
    assert (mapped.tag, mapped.written_as) == ("lab/hello:1", "example/hello:20250101")
    spec = load_task(HARBOR / "image-map")
    plain, with_map = task_images(spec), task_images(spec, MAP)
    assert plain.sidecars["echo"].tag == "registry.example/python:3.11"
    assert with_map.sidecars["echo"].tag == "horizon-python:latest"
    assert plain.main.tag != with_map.main.tag  # what the FROM line resolves to is in the tag
    unrelated = task_images(spec, {"other:1": "x:1"}).main.tag
    assert unrelated == plain.main.tag
    config = sandbox_config(spec, MAP)
    assert config.sidecars[0].image == "horizon-python:latest"


def test_dockerfile_from_lines_are_found_and_mapped() -> None:
    text = (
        "ARG BASE=x\nFROM --platform=linux/amd64 registry.example/python:3.11 AS build\n"
        "RUN make\nFROM build\nFROM ${BASE}\nFROM scratch\nfrom ubuntu AS final\n"
    )
    assert base_images(text) == ["registry.example/python:3.11", "ubuntu"]
    mapped = map_base_images(text, {**MAP, "ubuntu:latest": "lab/ubuntu:24.04"})
    assert "FROM --platform=linux/amd64 horizon-python:latest AS build\n" in mapped
    assert "FROM build\n" in mapped and "from lab/ubuntu:24.04 AS final" in mapped
    assert mapped_image("ubuntu:latest", {"ubuntu": "u"}) == "u"
    assert mapped_image("other", MAP) == "other"


def test_suite_toml_image_map_is_under_the_command_lines(tmp_path: Path) -> None:
    suite = tmp_path / "s"
    shutil.copytree(HARBOR / "image-map", suite / "image-map")
    (suite / "suite.toml").write_text(
        'name = "s"\nversion = "1"\ndescription = "d"\n\n[image_map]\n'
        '"registry.example/python:3.11" = "horizon-python:latest"\n"a:1" = "b:1"\n'
    )
    loaded = load_suite(suite)
    assert loaded.image_map() == {**MAP, "a:1": "b:1"}
    assert loaded.image_map({"a:1": "c:1"})["a:1"] == "c:1"


def test_image_map_option_must_be_from_equals_local() -> None:
    result = CliRunner().invoke(
        _main.horizon, ["tasks", "check", "--path", str(HARBOR), "--image-map", "nolocal"]
    )
    assert result.exit_code == 2 and "is not FROM=LOCAL" in result.output
