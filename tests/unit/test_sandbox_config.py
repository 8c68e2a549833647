"""Pure parts of the sandbox stage: version parsing, apt sources, the hardened compose file."""

from pathlib import Path

import pytest

from harness.sandbox import AGENT_USER, ROOT_CAPABILITIES, compose_config
from harness.sandbox._apt import debian_mirror
from harness.sandbox._engine import parse_version
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


def test_compose_config_is_hardened_and_follows_task_toml() -> None:
    spec = load_task(DATA / "edge" / "partial-reward")  # memory_mb = 512, no internet
    service = compose_config(spec, "img:tag")["services"]["default"]
    assert service["image"] == "img:tag" and service["pull_policy"] == "never"
    assert service["x-local"] is True and service["init"] is True
    assert service["network_mode"] == "none"
    assert service["cap_drop"] == ["ALL"]
    assert service["cap_add"] == list(ROOT_CAPABILITIES)
    assert "SYS_ADMIN" not in service["cap_add"] and "NET_RAW" not in service["cap_add"]
    assert service["security_opt"] == ["no-new-privileges:true"]
    assert service["mem_limit"] == "512m"
    assert service["pids_limit"] == spec.config.environment.pids_limit
    assert service["cpus"] == spec.config.environment.cpus


def test_compose_config_gives_network_only_when_the_task_asks() -> None:
    spec = load_task(DATA / "edge" / "partial-reward")
    online = spec.config.model_copy(
        update={"environment": spec.config.environment.model_copy(update={"allow_internet": True})}
    )
    service = compose_config(
        type(spec)(spec.id, spec.suite, spec.path, online, spec.instruction, spec.content_hash),
        "img:tag",
    )["services"]["default"]
    assert "network_mode" not in service


def test_tasks_default_to_the_unprivileged_agent_user() -> None:
    spec = load_task(DATA / "edge" / "partial-reward")
    assert spec.config.agent.user == AGENT_USER and not spec.weakly_isolated
