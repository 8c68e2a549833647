"""horizon's Inspect sandbox (``harness.sandbox._box``) on real containers.

Each test starts a sandbox the way Inspect does (``sample_init``), outside an eval, and checks
one part of the contract Inspect's tools and horizon's stages rely on.
"""

import os
import subprocess
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import anyio
import pytest
from inspect_ai.util import OutputLimitExceededError, SandboxUnavailableError
from inspect_ai.util._sandbox.limits import (
    override_max_exec_output_size,
    override_max_read_file_size,
)

from harness.sandbox import (
    MANAGED_LABEL,
    RUN_LABEL,
    BoxConfig,
    base_images,
    box_config,
    horizon_containers,
    run_label,
    userns_enabled,
)
from harness.sandbox._box import HorizonSandbox
from harness.sandbox._disk import STORAGE_LABEL
from harness.suite import load_task

pytestmark = pytest.mark.docker

TASK = Path(__file__).resolve().parents[1] / "data" / "tasks" / "edge" / "agent-user"


def _config(**changes: Any) -> BoxConfig:
    config = box_config(load_task(TASK), base_images()[0].tag)
    return config.model_copy(update=changes)


def _docker(*args: str) -> str:
    return subprocess.run(["docker", *args], capture_output=True, text=True, check=False).stdout


def in_box(
    test: Callable[[HorizonSandbox], Awaitable[None]], config: BoxConfig | None = None
) -> str:
    """Run ``test`` on a fresh sandbox, then clean it up as Inspect does; the container's name."""
    config = config or _config()

    async def main() -> str:
        environments = await HorizonSandbox.sample_init("test", config, {})
        box = environments["default"].as_type(HorizonSandbox)
        try:
            await test(box)
        finally:
            await HorizonSandbox.sample_cleanup("test", config, environments, False)
        return box.name

    return anyio.run(main)


async def _running(box: HorizonSandbox, pattern: str) -> str:
    return (await box.exec(["pgrep", "-af", pattern])).stdout


def test_exec_runs_as_the_user_in_the_folder_with_input_and_environment() -> None:
    async def check(box: HorizonSandbox) -> None:
        done = await box.exec(
            ["sh", "-c", 'id -un; pwd; echo "$GREETING"; wc -c; echo oops >&2; exit 3'],
            input=b"x" * 5_000_000,
            cwd="/tmp",
            env={"GREETING": "hello"},
            user="agent",
        )
        assert (done.returncode, done.success) == (3, False)
        assert done.stdout.split() == ["agent", "/tmp", "hello", "5000000"]
        assert done.stderr == "oops\n"
        missing = await box.exec(["no-such-program"])
        assert missing.returncode == 126 and "executable file not found" in missing.stderr

    in_box(check)


def test_a_timed_out_exec_raises_and_leaves_nothing_running() -> None:
    async def check(box: HorizonSandbox) -> None:
        started = time.monotonic()
        with pytest.raises(TimeoutError) as raised:
            await box.exec(["sh", "-c", "echo started; sleep 300 & sleep 301"], timeout=2)
        assert time.monotonic() - started < 10
        assert "started" in getattr(raised.value, "truncated_output", "")
        assert "sleep 30" not in await _running(box, "sleep 30")

    in_box(check)


def test_a_cancelled_exec_is_killed_in_the_container() -> None:
    async def check(box: HorizonSandbox) -> None:
        with anyio.move_on_after(1):
            await box.exec(["sh", "-c", "sleep 302"])
        await anyio.sleep(0.5)
        assert "sleep 302" not in await _running(box, "sleep 302")
        with anyio.move_on_after(1):
            await box.exec(["sh", "-c", "sleep 303"], timeout=60)
        await anyio.sleep(0.5)
        assert "sleep 303" not in await _running(box, "sleep 303")

    in_box(check)


def test_exec_output_keeps_the_last_bytes_within_the_limit() -> None:
    async def check(box: HorizonSandbox) -> None:
        with override_max_exec_output_size(1000):
            done = await box.exec(["sh", "-c", "seq 100000; echo end"])
        assert done.success and len(done.stdout) == 1000 and done.stdout.endswith("100000\nend\n")

    in_box(check)


def test_write_and_read_files_with_inspects_errors() -> None:
    async def check(box: HorizonSandbox) -> None:
        await box.write_file("/tmp/a/b/text.txt", "one\r\ntwo\n")
        assert await box.read_file("/tmp/a/b/text.txt") == "one\r\ntwo\n"
        await box.write_file("relative.bin", bytes(range(256)))
        assert await box.read_file("relative.bin", text=False) == bytes(range(256))
        with pytest.raises(FileNotFoundError):
            await box.read_file("/tmp/none")
        with pytest.raises(IsADirectoryError):
            await box.read_file("/tmp/a")
        with pytest.raises(IsADirectoryError):
            await box.write_file("/tmp/a", "x")
        await box.exec(["sh", "-c", "echo secret > /tmp/closed && chmod 000 /tmp/closed"])
        with pytest.raises(PermissionError):
            await box.read_file("/tmp/closed")
        with override_max_read_file_size(5), pytest.raises(OutputLimitExceededError):
            await box.read_file("/tmp/a/b/text.txt")

    in_box(check)


def test_labels_no_network_and_removal_at_cleanup(tmp_path: Path) -> None:
    seen: dict[str, str] = {}

    async def check(box: HorizonSandbox) -> None:
        seen["labels"] = _docker("inspect", "--format", "{{json .Config.Labels}}", box.name)
        seen["network"] = _docker("inspect", "--format", "{{.HostConfig.NetworkMode}}", box.name)
        seen["interfaces"] = (await box.exec(["ls", "/sys/class/net"])).stdout
        seen["caps"] = (await box.exec(["grep", "CapEff", "/proc/self/status"])).stdout

    with run_label(tmp_path):
        name = in_box(check)
    assert f'"{MANAGED_LABEL}":"true"' in seen["labels"]
    assert f'"{RUN_LABEL}":"{tmp_path.resolve()}"' in seen["labels"]
    assert f'"{STORAGE_LABEL}":"' in seen["labels"]
    assert seen["network"].strip() == "none" and seen["interfaces"].split() == ["lo"]
    assert not _docker("ps", "-aq", "--filter", f"name={name}").strip()
    assert not horizon_containers(tmp_path)


def test_internet_gets_a_labelled_network_removed_with_the_container(tmp_path: Path) -> None:
    seen: dict[str, str] = {}

    async def check(box: HorizonSandbox) -> None:
        seen["network"] = _docker("network", "inspect", "--format", "{{json .Labels}}", box.name)

    with run_label(tmp_path):
        name = in_box(check, _config(allow_internet=True))
    assert f'"{RUN_LABEL}":"{tmp_path.resolve()}"' in seen["network"]
    assert not _docker("network", "ls", "-q", "--filter", f"name={name}").strip()
    assert not _docker("ps", "-aq", "--filter", f"name={name}").strip()


def test_a_failed_start_leaves_nothing(tmp_path: Path) -> None:
    async def start() -> None:
        await HorizonSandbox.sample_init(
            "test", _config(image="horizon-no-such-image:0", allow_internet=True), {}
        )

    with run_label(tmp_path), pytest.raises(RuntimeError, match="not built"):
        anyio.run(start)
    assert not horizon_containers(tmp_path)
    assert not _docker("network", "ls", "-q", "--filter", f"label={RUN_LABEL}={tmp_path.resolve()}")


def test_a_stopped_container_is_unavailable_not_a_command_result() -> None:
    async def check(box: HorizonSandbox) -> None:
        _docker("kill", box.name)
        with pytest.raises(SandboxUnavailableError, match="not running"):
            await box.exec(["true"])

    in_box(check)


def test_the_recorded_root_access_is_what_inspects_probe_finds() -> None:
    from inspect_ai.tool._sandbox_tools_utils.sandbox import _probe_root_access

    async def check(box: HorizonSandbox) -> None:
        recorded = box._root_access
        assert recorded is not None
        assert (await _probe_root_access(box)).state == recorded.state == "usable"

    in_box(check)


def test_container_root_is_not_host_root() -> None:
    """FAULT: an agent that escapes its user and its container as root | it is an unprivileged
    host uid (the daemon's userns-remap range), not host root | — (isolation; `horizon setup`
    says when the daemon has no user namespace)"""
    if not userns_enabled():
        if os.environ.get("HORIZON_REQUIRE_DOCKER") == "1":
            pytest.fail("CI's daemon (started by `horizon setup`) must remap container root")
        pytest.skip("this Docker daemon has no user namespace (`horizon setup` says why)")

    async def check(box: HorizonSandbox) -> None:
        uid_map = (await box.exec(["cat", "/proc/self/uid_map"], user="root")).stdout.split()
        assert uid_map[0] == "0" and int(uid_map[1]) > 0, uid_map
        init = int(_docker("inspect", "--format", "{{.State.Pid}}", box.container).strip())
        host_uids = Path(f"/proc/{init}/status").read_text().split("Uid:")[1].split()[:4]
        assert host_uids == [uid_map[1]] * 4, host_uids

    in_box(check)
