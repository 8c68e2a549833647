"""Pure parts of the sandbox stage: version parsing, apt sources, the hardened container."""

import json
import subprocess
from pathlib import Path

import pytest

from harness.sandbox import AGENT_USER, MANAGED_LABEL, ROOT_CAPABILITIES, _engine, box_config
from harness.sandbox._apt import debian_mirror
from harness.sandbox._box_config import container_spec
from harness.sandbox._engine import dockerd_command, enable_userns_in, parse_version
from harness.suite import load_task

DATA = Path(__file__).resolve().parents[1] / "data" / "tasks"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("26.1.5+dfsg1", (26, 1, 5)),
        ("v2.26.1-4", (2, 26, 1)),
        ("24.0.6", (24, 0, 6)),
        ("2.21\n", (2, 21)),
        ("", None),
        ("unknown", None),
        ("1.x.3", None),
    ],
)
def test_parse_version(text: str, expected: tuple[int, ...] | None) -> None:
    assert parse_version(text) == expected


def write_sources(apt: Path, one_line: str = "", deb822: str = "") -> Path:
    (apt / "sources.list.d").mkdir(parents=True)
    (apt / "sources.list").write_text(one_line)
    if deb822:
        (apt / "sources.list.d" / "debian.sources").write_text(deb822)
    return apt


def test_mirror_from_a_one_line_source_skips_security(tmp_path: Path) -> None:
    apt = write_sources(
        tmp_path,
        "deb http://security.example/debian-security bookworm-security main\n"
        "# deb http://commented.example/debian bookworm main\n"
        "deb [arch=amd64] http://mirror.example/debian/ bookworm main contrib\n",
    )
    assert debian_mirror(apt) == "http://mirror.example/debian"


def test_mirror_from_a_deb822_source(tmp_path: Path) -> None:
    apt = write_sources(
        tmp_path,
        deb822="Types: deb\nURIs: http://deb.example/debian\nSuites: bookworm bookworm-updates\n"
        "Components: main\n\nTypes: deb\nURIs: http://deb.example/debian-security\n"
        "Suites: bookworm-security\nComponents: main\n",
    )
    assert debian_mirror(apt) == "http://deb.example/debian"


def test_no_mirror_for_the_release_is_a_setup_error_naming_the_fix(tmp_path: Path) -> None:
    from harness.errors import SetupError

    apt = write_sources(tmp_path, "deb http://mirror.example/debian trixie main\n")
    with pytest.raises(SetupError, match="Add your mirror to /etc/apt/sources.list"):
        debian_mirror(apt)


def test_container_is_hardened_and_follows_task_toml() -> None:
    spec = load_task(DATA / "edge" / "partial-reward")  # memory_mb = 512, no internet
    config = box_config(spec, "img:tag")
    assert not config.allow_internet
    created = container_spec(config, {MANAGED_LABEL: "true"}, None)
    host = created["HostConfig"]
    assert created["Image"] == "img:tag" and created["Cmd"] == ["sleep", "infinity"]
    assert host["Init"] is True and host["NetworkMode"] == "none"
    assert host["CapDrop"] == ["ALL"] and host["CapAdd"] == list(ROOT_CAPABILITIES)
    assert "SYS_ADMIN" not in host["CapAdd"] and "NET_RAW" not in host["CapAdd"]
    assert host["SecurityOpt"] == ["no-new-privileges:true"]
    assert host["Memory"] == 512 * 1024 * 1024
    assert host["PidsLimit"] == spec.config.environment.pids_limit
    assert host["NanoCpus"] == round(spec.config.environment.cpus * 1e9)
    assert created["Labels"][MANAGED_LABEL] == "true"
    assert created["Labels"]["dev.horizon.storage_mb"] == str(config.storage_mb)


def test_container_gets_a_network_only_when_the_task_asks() -> None:
    spec = load_task(DATA / "edge" / "partial-reward")
    online = spec.config.model_copy(
        update={"environment": spec.config.environment.model_copy(update={"allow_internet": True})}
    )
    config = box_config(
        type(spec)(spec.id, spec.suite, spec.path, online, spec.instruction, spec.content_hash),
        "img:tag",
    )
    assert config.allow_internet
    assert container_spec(config, {}, "net")["HostConfig"]["NetworkMode"] == "net"


def test_box_config_round_trips_through_a_log() -> None:
    from harness.sandbox._box import HorizonSandbox

    config = box_config(load_task(DATA / "edge" / "partial-reward"), "img:tag")
    assert HorizonSandbox.config_deserialize(config.model_dump()) == config
    assert hash(config) == hash(HorizonSandbox.config_deserialize(config.model_dump()))


def test_tasks_default_to_the_unprivileged_agent_user() -> None:
    spec = load_task(DATA / "edge" / "partial-reward")
    assert spec.config.agent.user == AGENT_USER and not spec.weakly_isolated


def test_userns_is_added_to_a_daemon_config_keeping_its_other_settings(tmp_path: Path) -> None:
    config = tmp_path / "daemon.json"
    config.write_text('{"log-driver": "local"}')
    enable_userns_in(config)
    assert json.loads(config.read_text()) == {"log-driver": "local", "userns-remap": "default"}
    assert dockerd_command("/usr/sbin/dockerd", config) == ["/usr/sbin/dockerd"]
    enable_userns_in(tmp_path / "new" / "daemon.json")
    assert json.loads((tmp_path / "new" / "daemon.json").read_text()) == {"userns-remap": "default"}


def test_a_daemon_horizon_starts_remaps_container_root(tmp_path: Path) -> None:
    assert dockerd_command("/usr/sbin/dockerd", tmp_path / "absent.json") == [
        "/usr/sbin/dockerd",
        "--userns-remap=default",
    ]


def test_only_a_daemon_writing_to_horizons_log_is_horizons(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    log = tmp_path / "dockerd.log"
    with log.open("w") as out:
        child = subprocess.Popen(["sleep", "30"], stdout=out)
    try:
        (tmp_path / "docker.pid").write_text(str(child.pid))
        monkeypatch.setattr(_engine, "DOCKERD_PIDFILE", tmp_path / "docker.pid")
        monkeypatch.setattr(_engine, "DOCKERD_LOG", tmp_path / "other.log")
        assert _engine.horizons_dockerd() is None
        monkeypatch.setattr(_engine, "DOCKERD_LOG", log)
        assert _engine.horizons_dockerd() == child.pid
    finally:
        child.kill()
        child.wait()
    assert _engine.horizons_dockerd() is None
