"""Harbor environments as written, on real containers (Docker): a task's compose sidecars, a
prebuilt ``docker_image``, an image map, ``[environment] env``/``workdir``/``healthcheck``.

Every image is local: sidecars are built ``FROM horizon-python:latest`` or mapped to it, and the
prebuilt image is tagged here. Each test runs under a run label of its own and shows that no
container or network with that label is left (other runs may share the engine).
"""

import json
import subprocess
from collections.abc import Iterator
from pathlib import Path

import anyio
import pytest
from click.testing import CliRunner

from harness.cli import _main
from harness.errors import InfraError, SetupError
from harness.sandbox import (
    RUN_LABEL,
    SANDBOX_LABEL,
    BoxConfig,
    build_task_images,
    horizon_containers,
    remove_leftovers,
    run_label,
    sandbox_config,
)
from harness.sandbox._box import HorizonSandbox
from harness.sandbox._docker_api import api
from harness.suite import ComposeHealthcheck, Healthcheck, load_task

pytestmark = pytest.mark.docker

HARBOR = Path(__file__).resolve().parents[1] / "data" / "harbor"
PREBUILT = "example/hello:20250101"
"""The ``docker_image`` of tests/data/harbor/prebuilt-image (no registry has it)."""
TEST_LABEL = "dev.horizon.test=harbor-environments"


def _docker(*args: str) -> str:
    done = subprocess.run(["docker", *args], capture_output=True, text=True, check=False)
    return done.stdout.strip()


@pytest.fixture(autouse=True)
def own_run(tmp_path: Path) -> Iterator[Path]:
    """Label every sandbox the test starts with a run of its own (``dev.horizon.run``)."""
    with run_label(tmp_path):
        yield tmp_path


def _leftovers(run: Path) -> tuple[str, str]:
    """The run's containers and networks (horizon labels both): none may outlive a sample."""
    wanted = f"label={RUN_LABEL}={run.resolve()}"
    containers = _docker("ps", "-aq", "--filter", wanted)
    return containers, _docker("network", "ls", "-q", "--filter", wanted)


@pytest.fixture(scope="module")
def prebuilt_image() -> Iterator[str]:
    """A local image under the prebuilt task's name, as `docker load` would leave it."""
    subprocess.run(
        ["docker", "build", "-q", "--label", TEST_LABEL, "-t", PREBUILT, "-"],
        input="FROM horizon-python:latest\nWORKDIR /app\n",
        text=True,
        capture_output=True,
        check=True,
    )
    yield PREBUILT
    _docker("rmi", PREBUILT)


def test_environment_shapes_pass_tasks_check(prebuilt_image: str, own_run: Path) -> None:
    tasks = ("sidecar-http", "env-workdir-health", "image-map", "prebuilt-image")
    result = CliRunner().invoke(
        _main.horizon,
        ["tasks", "check", "--path", str(HARBOR), *tasks, "--json",
         "--image-map", "registry.example/python:3.11=horizon-python:latest"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    checks = {c["task_id"]: c for c in json.loads(result.stdout)}
    assert set(checks) == set(tasks)
    for check in checks.values():
        assert check["outcomes"] == {"oracle": "success", "null": "failure", "adversary": "failure"}
    assert _leftovers(own_run) == ("", "")


def test_an_image_no_registry_has_is_named_with_how_to_provide_it() -> None:
    [sidecar] = build_task_images([load_task(HARBOR / "sidecar-compose")])
    assert isinstance(sidecar.error, SetupError)
    message = str(sidecar.error)
    assert "services.db.image: image 'postgres:16' is not on this machine" in message
    assert "docker load" in message and "--image-map postgres:16=LOCAL" in message
    [unmapped] = build_task_images([load_task(HARBOR / "image-map")])
    assert "FROM registry.example/python:3.11" in str(unmapped.error)


def _start(config: BoxConfig) -> dict[str, HorizonSandbox]:
    async def start() -> dict[str, HorizonSandbox]:
        found = await HorizonSandbox.sample_init("test", config, {})
        return {k: v.as_type(HorizonSandbox) for k, v in found.items()}

    return anyio.run(start)


def _cleanup(config: BoxConfig, environments: dict[str, HorizonSandbox]) -> None:
    anyio.run(HorizonSandbox.sample_cleanup, "test", config, dict(environments), False)


def _in_sidecar(sandbox: str, service: str, script: str) -> str:
    return _docker("exec", f"{sandbox}-{service}", "python3", "-c", script)


NO_ROUTE = """
import socket
routes = [line.split()[1] for line in open('/proc/net/route').read().splitlines()[1:]]
print('default-route' if '00000000' in routes else 'no-default-route')
try:
    socket.create_connection(('1.1.1.1', 53), timeout=3)
    print('egress')
except OSError as err:
    print('no-egress', err.errno)
"""


def test_sidecars_have_no_egress_even_when_main_has_the_internet(own_run: Path) -> None:
    spec = load_task(HARBOR / "sidecar-http")
    build_task_images([spec])
    config = sandbox_config(spec).model_copy(update={"allow_internet": True})
    box = _start(config)["default"]
    try:
        networks = api().inspect_container(box.container)["NetworkSettings"]["Networks"]
        assert set(networks) == {box.name, f"{box.name}-services"}
        assert api().inspect_network(f"{box.name}-services")["Internal"] is True
        lines = _in_sidecar(box.name, "web", NO_ROUTE).splitlines()
        assert lines[0] == "no-default-route" and lines[1].startswith("no-egress")

        async def fetch() -> str:
            done = await box.exec(["bash", "-c", 'curl -s "$SERVICE_URL/token.txt" || '
                "python3 -c \"import os,urllib.request as u;"
                "print(u.urlopen(os.environ['SERVICE_URL']+'/token.txt').read().decode())\""],
                timeout=30)  # fmt: skip
            return done.stdout.strip()

        assert anyio.run(fetch) == "sidecar-token-7f3a"  # main reaches web by its name
        labelled = _docker("ps", "-q", "--filter", f"label={SANDBOX_LABEL}={box.name}")
        assert len(labelled.split()) == 2
    finally:
        _cleanup(config, {"default": box})
    assert _leftovers(own_run) == ("", "")


def test_a_sidecar_that_never_becomes_healthy_is_an_infra_error_naming_it(own_run: Path) -> None:
    spec = load_task(HARBOR / "sidecar-http")
    build_task_images([spec])
    config = sandbox_config(spec)
    [web] = config.sidecars
    failing = ComposeHealthcheck(test=("CMD", "false"), interval_sec=0.2, retries=2)
    broken = web.model_copy(
        update={"service": web.service.model_copy(update={"healthcheck": failing})}
    )
    with pytest.raises(InfraError, match="sidecar 'web' turned unhealthy"):
        _start(config.model_copy(update={"sidecars": (broken,)}))
    assert _leftovers(own_run) == ("", "")


def test_mains_health_check_failing_is_an_infra_error_and_leaves_nothing(own_run: Path) -> None:
    spec = load_task(HARBOR / "env-workdir-health")
    build_task_images([spec])
    check = Healthcheck(command="echo not yet; false", interval_sec=0.1, retries=2)
    config = sandbox_config(spec).model_copy(update={"healthcheck": check})
    with pytest.raises(InfraError, match="health check failed 2 time.* not yet"):
        _start(config)
    assert _leftovers(own_run) == ("", "")


def test_size_strings_are_the_containers_limits(own_run: Path) -> None:
    spec = load_task(HARBOR / "schema-1-0")  # memory = "1G", storage = "2G"
    build_task_images([spec])
    config = sandbox_config(spec)
    box = _start(config)["default"]
    try:
        state = api().inspect_container(box.container)
        assert state["HostConfig"]["Memory"] == 1024 * 1024 * 1024
        assert state["Config"]["Labels"]["dev.horizon.storage_mb"] == "2048"
    finally:
        _cleanup(config, {"default": box})
    assert _leftovers(own_run) == ("", "")


def test_what_a_killed_run_left_of_a_sidecar_sandbox_is_found_by_its_labels(
    own_run: Path,
) -> None:
    spec = load_task(HARBOR / "sidecar-http")
    build_task_images([spec])
    _start(sandbox_config(spec))  # never cleaned up: as a SIGKILLed run leaves it
    containers, networks = _leftovers(own_run)
    assert len(containers.split()) == 2 and len(networks.split()) == 1
    assert len(horizon_containers(own_run)) == 2  # what `horizon run` and `horizon clean` see
    assert remove_leftovers(own_run) == 2
    assert _leftovers(own_run) == ("", "")
