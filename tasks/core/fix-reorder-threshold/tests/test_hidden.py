import os
import subprocess
import sys

sys.path.append(APP)  # APP: the code under test (set by the grader's driver prelude)

from stockkeeper import Item, load_items, needs_reorder, reorder_quantity, items_to_reorder  # noqa: E402

# `python -m <package>` from APP needs APP on sys.path (ordinary start-up, no PYTHONSAFEPATH).
PROGRAM_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONSAFEPATH"}


def test_boundary_cases():
    assert needs_reorder(Item("A", "a", 10, 10))  # hz:obs
    assert needs_reorder(Item("A", "a", 9, 10))  # hz:obs
    assert needs_reorder(Item("A", "a", 0, 1))  # hz:obs
    assert needs_reorder(Item("A", "a", 1, 1))  # hz:obs
    assert not needs_reorder(Item("A", "a", 11, 10))  # hz:obs
    assert not needs_reorder(Item("A", "a", 2, 1))  # hz:obs
    assert not needs_reorder(Item("A", "a", 0, 0))  # hz:obs
    assert not needs_reorder(Item("A", "a", 5, -1))  # hz:obs


def test_quantities():
    assert reorder_quantity(Item("A", "a", 10, 10)) == 10  # hz:obs
    assert reorder_quantity(Item("A", "a", 0, 7)) == 14  # hz:obs
    assert reorder_quantity(Item("A", "a", 8, 7)) == 0  # hz:obs


def test_sorting():
    items = [Item("B", "b", 10, 10), Item("A", "a", 5, 5), Item("C", "c", 1, 10),
             Item("D", "d", 30, 10)]
    assert [i.sku for i in items_to_reorder(items)] == ["C", "A", "B"]  # hz:obs


def test_cli(tmp_path):
    p = tmp_path / "items.csv"
    p.write_text("sku,name,quantity,reorder_level\nK1,keys,4,4\nK2,locks,9,4\n")
    assert [i.sku for i in load_items(p)] == ["K1", "K2"]  # hz:obs
    r = subprocess.run([sys.executable, "-m", "stockkeeper", str(p)], cwd=APP,
                       capture_output=True, env=PROGRAM_ENV, text=True)
    assert r.returncode == 0  # hz:obs
    assert "K1" in r.stdout and "K2" not in r.stdout
    assert "1 item(s) to reorder." in r.stdout
