import os
import subprocess
import sys

from horizon_grading import run_program  # the shared grading helpers, in /tests

sys.path.append("/app")

from stockkeeper import Item, load_items, needs_reorder, reorder_quantity, items_to_reorder  # noqa: E402

# The agent's program runs with ordinary Python start-up: the verifier's own interpreter is
# isolated (PYTHONSAFEPATH, tasks/README.md), but `python -m <package>` from /app needs /app
# on sys.path.
PROGRAM_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONSAFEPATH"}


def test_boundary_cases():
    assert needs_reorder(Item("A", "a", 10, 10))
    assert needs_reorder(Item("A", "a", 9, 10))
    assert needs_reorder(Item("A", "a", 0, 1))
    assert needs_reorder(Item("A", "a", 1, 1))
    assert not needs_reorder(Item("A", "a", 11, 10))
    assert not needs_reorder(Item("A", "a", 2, 1))
    assert not needs_reorder(Item("A", "a", 0, 0))
    assert not needs_reorder(Item("A", "a", 5, -1))


def test_quantities():
    assert reorder_quantity(Item("A", "a", 10, 10)) == 10
    assert reorder_quantity(Item("A", "a", 0, 7)) == 14
    assert reorder_quantity(Item("A", "a", 8, 7)) == 0


def test_sorting():
    items = [Item("B", "b", 10, 10), Item("A", "a", 5, 5), Item("C", "c", 1, 10),
             Item("D", "d", 30, 10)]
    assert [i.sku for i in items_to_reorder(items)] == ["C", "A", "B"]


def test_visible_suite_unchanged_and_passes():
    # The agent's own tests are the agent's code: they run as the agent, never as root.
    r = run_program(["python3", "-m", "pytest", "-q", "-p", "no:cacheprovider", "/app/tests"],
                    cwd="/app", timeout_sec=240)
    assert r.returncode == 0, (r.stdout + r.stderr).decode(errors="replace")
    assert b"6 passed" in r.stdout


def test_cli(tmp_path):
    p = tmp_path / "items.csv"
    p.write_text("sku,name,quantity,reorder_level\nK1,keys,4,4\nK2,locks,9,4\n")
    assert [i.sku for i in load_items(p)] == ["K1", "K2"]
    r = subprocess.run([sys.executable, "-m", "stockkeeper", str(p)], cwd="/app",
                       capture_output=True, env=PROGRAM_ENV, text=True)
    assert r.returncode == 0
    assert "K1" in r.stdout and "K2" not in r.stdout
    assert "1 item(s) to reorder." in r.stdout
