"""The k8s pod's process model, checked on a Docker container configured like the pod.

No cluster can run here. What can be checked without one is what happens inside the
container: the Helm values make :data:`REAPER_COMMAND` PID 1 (Kubernetes has no Docker
``Init``), with all capabilities dropped but root's and no privilege escalation. Here a
container with exactly those settings shows that PID 1 reaps the agent's orphans, that
``kill_all_but_init`` (run before grading) leaves only PID 1 and its keep-alive, and that the
k8s sandbox's way of running a command as the agent (``runuser``) works under those
capabilities and leaves the agent with none.
"""

import subprocess
from collections.abc import Iterator

import pytest

from harness.sandbox import AGENT_USER, ROOT_CAPABILITIES, base_images
from harness.sandbox._agent_user import _KILL_ALL_BUT_INIT
from harness.sandbox._copy import SYSTEM_PATH
from harness.sandbox._k8s import REAPER_COMMAND

pytestmark = pytest.mark.docker


def _docker(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["docker", *args], input=stdin, capture_output=True, text=True, timeout=120, check=False
    )


@pytest.fixture
def pod_like() -> Iterator[str]:
    caps = [arg for cap in ROOT_CAPABILITIES for arg in ("--cap-add", cap)]
    started = _docker(
        "run", "-d", "--rm", "--network", "none", "--cap-drop", "ALL", *caps,
        "--security-opt", "no-new-privileges:true", base_images()[0].tag, *REAPER_COMMAND,
    )  # fmt: skip
    assert started.returncode == 0, started.stderr
    container = started.stdout.strip()
    try:
        yield container
    finally:
        _docker("rm", "-f", container)


def _processes(container: str) -> list[tuple[str, str, str]]:
    listed = _docker("exec", container, "ps", "-eo", "pid=,stat=,args=")
    rows = [line.split(None, 2) for line in listed.stdout.splitlines()]
    return [(r[0], r[1], r[2]) for r in rows if "ps -eo" not in r[2]]


def test_pid_1_reaps_the_agents_orphans_and_kill_all_but_init_leaves_only_it(
    pod_like: str,
) -> None:
    spawned = _docker(
        "exec", "-u", AGENT_USER, pod_like, "bash", "-c",
        "for i in 1 2 3; do (sleep 0.2 &); done; (setsid sleep 1000 &); "
        "(nohup sleep 999 > /dev/null 2>&1 &)",
    )  # fmt: skip
    assert spawned.returncode == 0, spawned.stderr
    subprocess.run(["sleep", "1"], check=True)
    processes = _processes(pod_like)
    assert not [p for p in processes if p[1].startswith("Z")], processes  # no zombie
    assert {"sleep 1000", "sleep 999"} <= {p[2] for p in processes}
    script = f"export PATH={SYSTEM_PATH}\n{_KILL_ALL_BUT_INIT}\n"
    killed = _docker("exec", "-i", pod_like, "/bin/bash", "-s", stdin=script)
    assert killed.returncode == 0, killed.stderr
    left = _processes(pod_like)
    assert [(pid, args) for pid, _, args in left if pid == "1"] == [("1", " ".join(REAPER_COMMAND))]
    assert [args for pid, _, args in left if pid != "1"] == ["sleep infinity"]


def test_the_k8s_sandboxes_exec_as_the_agent_works_and_leaves_it_no_capability(
    pod_like: str,
) -> None:
    execute = pytest.importorskip("k8s_sandbox._pod.execute")
    shell = execute._shell_command(AGENT_USER)  # what exec(user="agent") opens in the pod
    probe = "id -un; grep -E '^(CapEff|CapBnd|NoNewPrivs)' /proc/self/status\n"
    ran = _docker("exec", "-i", pod_like, *shell, stdin=probe)
    assert ran.returncode == 0, ran.stderr
    lines = ran.stdout.split("\n")
    assert lines[0] == AGENT_USER
    fields = dict(line.split(":\t") for line in lines[1:] if line)
    assert int(fields["CapEff"], 16) == 0
    assert fields["NoNewPrivs"] == "1"
