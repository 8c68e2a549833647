import subprocess
import sys


def run(tmp_path, *args):
    r = subprocess.run([sys.executable, "-m", "tasklog", "--file", str(tmp_path / "t.json"), *args],
                       capture_output=True, text=True, cwd="/app")
    return r.returncode, r.stdout


def test_add_and_list(tmp_path):
    run(tmp_path, "add", "b task", "--priority", "2", "--due", "2024-05-02")
    run(tmp_path, "add", "a task", "--priority", "1")
    rc, out = run(tmp_path, "list", "--sort", "priority")
    assert rc == 0
    assert out.splitlines() == ["#2 [ ] P1 ---------- a task", "#1 [ ] P2 2024-05-02 b task"]


def test_done_and_pending(tmp_path):
    run(tmp_path, "add", "one")
    run(tmp_path, "add", "two")
    run(tmp_path, "done", "1")
    rc, out = run(tmp_path, "list", "--pending")
    assert out.splitlines() == ["#2 [ ] P3 ---------- two"]
