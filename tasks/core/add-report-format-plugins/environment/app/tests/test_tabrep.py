import subprocess
import sys

from tabrep.reader import read_csv
from tabrep import ops
from tabrep.render import render_text


def tabrep(*args):
    r = subprocess.run([sys.executable, "-m", "tabrep", *args], capture_output=True, text=True,
                       cwd="/app")
    return r.returncode, r.stdout, r.stderr


def test_read_types():
    t = read_csv("/app/examples/sales.csv")
    assert t.columns == ["date", "region", "product", "qty", "price", "note"]
    assert t.rows[0] == ["2024-01-03", "west", "widget", 10, 2.5, None]
    assert t.rows[2][5] == "gift, wrapped"


def test_group_sort():
    t = read_csv("/app/examples/sales.csv")
    g = ops.sort(ops.group(t, ["product"], ["qty:sum", "*:count"]), "-qty_sum")
    assert g.columns == ["product", "qty_sum", "count"]
    assert g.rows == [["widget", 24, 4], ["gizmo", 12, 2], ["gadget", 1, 1]]


def test_text_output():
    rc, out, err = tabrep("examples/sales.csv", "--where", "region=west", "--columns",
                          "product,qty,price")
    assert rc == 0
    assert out == ("product  qty  price\n"
                   "-------  ---  -----\n"
                   "widget    10   2.50\n"
                   "gadget     1  19.99\n"
                   "widget     3   2.50\n"
                   "gizmo             7\n"
                   "(4 rows)\n")


def test_error():
    rc, out, err = tabrep("examples/sales.csv", "--sort", "nope")
    assert rc == 2 and err.startswith("tabrep: error:")
