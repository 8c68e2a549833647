import json
import os
import subprocess
import sys

import pytest

APP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run(db, *args, ok=True):
    env = dict(os.environ, LEDGERLY_TODAY="2024-06-30", PYTHONPATH=APP)
    proc = subprocess.run([sys.executable, "-m", "ledgerly", "--db", db, *args],
                          capture_output=True, text=True, env=env, cwd=APP)
    if ok:
        assert proc.returncode == 0, proc.stderr
    return proc


def out(db, *args):
    return json.loads(run(db, *args).stdout)


@pytest.fixture
def db(tmp_path):
    path = str(tmp_path / "cli.db")
    run(path, "init", "--company", "CLI Co", "--currency", "GBP")
    return path


def test_init_and_settings(db):
    assert out(db, "settings", "get", "currency") == {"currency": "GBP"}
    assert out(db, "settings", "set", "invoice_prefix", "F/")["invoice_prefix"] == "F/"
    proc = run(db, "settings", "set", "currency", "pounds", ok=False)
    assert proc.returncode == 1 and proc.stderr.startswith("error[invalid]")


def test_full_cycle(db):
    out(db, "customer", "add", "ACME", "Acme", "--credit-limit", "1000")
    out(db, "product", "add", "P1", "Part", "2.50", "--track-stock")
    out(db, "stock", "move", "P1", "receipt", "10", "--date", "2024-01-01")
    invoice = out(db, "invoice", "create", "ACME", "--date", "2024-02-01")
    out(db, "invoice", "add-line", str(invoice["id"]), "--sku", "P1", "--quantity", "4")
    issued = out(db, "invoice", "issue", str(invoice["id"]))
    assert issued["number"] == "INV-00001" and issued["total"] == "12.00"
    payment = out(db, "payment", "record", "ACME", "5", "--date", "2024-02-05", "--auto")
    assert payment["allocations"] == [{"invoice": "INV-00001", "amount": "5.00"}]
    assert out(db, "balance", "acme") == {"customer": "ACME", "balance": "7.00"}
    report = json.loads(run(db, "report", "aged-receivables", "--as-of", "2024-03-10",
                            "--format", "json").stdout)
    assert report["rows"][0]["d1_30"] == "7.00"
    csv_text = run(db, "report", "tax-summary", "--format", "csv").stdout
    assert csv_text.splitlines()[1] == "STD,20,10.00,2.00"
    assert out(db, "stock", "on-hand", "P1") == {"sku": "P1", "on_hand": "6"}


def test_errors_exit_1(db):
    proc = run(db, "customer", "show", "NOPE", ok=False)
    assert proc.returncode == 1
    assert proc.stderr.strip() == "error[customer_not_found]: customer 'NOPE' not found"
    proc = run(db, "invoice", "issue", "99", ok=False)
    assert proc.returncode == 1


def test_usage_error_exit_2(db):
    assert run(db, "customer", ok=False).returncode == 2


def test_migrate_status(db, tmp_path):
    status = out(db, "migrate", "--status")
    assert status["version"] == status["latest"] and status["pending"] == []
    proc = run(str(tmp_path / "missing.db"), "customer", "list", ok=False)
    assert proc.returncode == 1 and "no_database" in proc.stderr


def test_acting_user(db):
    out(db, "user", "add", "vera", "viewer", "--token", "t-vera")
    proc = run(db, "--as", "vera", "customer", "add", "X", "X", ok=False)
    assert proc.returncode == 1 and "error[forbidden]" in proc.stderr
    assert out(db, "--as", "vera", "customer", "list") == {"customers": []}


def test_import_export(db, tmp_path):
    csv_path = tmp_path / "customers.csv"
    csv_path.write_text("code,name,country\nA1,Alpha,FR\nB2,Bravo,\n")
    assert out(db, "import", "customers", str(csv_path)) == {"created": 2, "updated": 0}
    out(db, "product", "add", "S", "Service", "10")
    inv = out(db, "invoice", "create", "A1", "--date", "2024-03-01")
    out(db, "invoice", "add-line", str(inv["id"]), "--sku", "S")
    out(db, "invoice", "issue", str(inv["id"]))
    exported = json.loads(run(db, "export", "--format", "json").stdout)
    assert exported["currency"] == "GBP" and exported["totals"]["total"] == "12.00"
    lines = run(db, "export", "--format", "csv").stdout.splitlines()
    assert lines[1].startswith("INV-00001,2024-03-01,2024-03-31,A1,issued,1,S,Service,1,10.00")
