import json

import pytest

from conftest import make_invoice
from ledgerly.app import Ledger
from ledgerly.backup import backup, restore
from ledgerly.errors import LedgerError
from ledgerly.integrity import run_checks
from ledgerly.storage import migrations
from ledgerly.storage.db import Database


def test_clean_ledger_has_no_problems(stocked):
    make_invoice(stocked, "ACME", "2024-01-10", [{"sku": "SVC"}, {"sku": "W-1"}])
    stocked.payments.record("ACME", "500", received_on="2024-01-20", auto_allocate=True)
    assert run_checks(stocked) == []


def test_detects_tampering(stocked):
    invoice = make_invoice(stocked, "ACME", "2024-01-10", [{"sku": "SVC"}])
    stocked.db.execute("UPDATE invoice_lines SET net = net + 1 WHERE invoice_id = ?",
                       (invoice.id,))
    stocked.db.execute("UPDATE invoices SET status = 'paid' WHERE id = ?", (invoice.id,))
    checks = sorted({p["check"] for p in run_checks(stocked)})
    assert checks == ["fx", "invoice_totals", "line_amounts", "status"]


def test_overdue_report(stocked):
    make_invoice(stocked, "ACME", "2024-01-10", [{"sku": "SVC"}])     # due 02-09
    make_invoice(stocked, "ACME", "2024-05-10", [{"sku": "G-2"}])     # due 06-09
    paid = make_invoice(stocked, "BETA", "2024-01-01", [{"sku": "SVC"}])
    stocked.payments.record("BETA", "95", received_on="2024-07-15", auto_allocate=True)
    body = json.loads(stocked.reports.render("overdue-invoices", "json", as_of="2024-06-30"))
    assert [(r["number"], r["days_overdue"], r["level"]) for r in body["rows"]] == [
        ("INV-00001", 142, 3), ("INV-00002", 21, 2)]
    assert paid.number not in [r["number"] for r in body["rows"]]
    high = stocked.reports.build("overdue-invoices", as_of="2024-06-30", min_level="3")
    assert len(high.rows) == 1


def test_backup_and_restore(stocked, tmp_path, db_path):
    make_invoice(stocked, "ACME", "2024-01-10", [{"sku": "SVC"}])
    copy = str(tmp_path / "copy.db")
    info = backup(stocked.db, copy)
    assert info["schema_version"] == migrations.LATEST_VERSION
    with pytest.raises(LedgerError):
        backup(stocked.db, copy)
    restored_path = str(tmp_path / "restored.db")
    result = restore(copy, restored_path)
    assert result["needs_migration"] is False
    again = Ledger.open(restored_path)
    assert again.invoices.get("INV-00001").total == 11400
    again.close()


def test_restore_refuses_junk(tmp_path):
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database at all" * 100)
    with pytest.raises(LedgerError):
        restore(str(junk), str(tmp_path / "x.db"))
    empty = str(tmp_path / "empty.db")
    Database(empty).close()
    with pytest.raises(LedgerError):
        restore(empty, str(tmp_path / "y.db"))
