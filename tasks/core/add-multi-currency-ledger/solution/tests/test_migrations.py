import sqlite3

import pytest

from ledgerly.app import Ledger
from ledgerly.errors import MigrationError, SchemaError
from ledgerly.storage import migrations
from ledgerly.storage.db import Database


def test_new_database_is_at_latest(db_path):
    with Database(db_path) as db:
        assert migrations.current_version(db) == 0
        done = migrations.migrate(db)
        assert [v for v, _ in done] == list(range(1, migrations.LATEST_VERSION + 1))
        assert migrations.current_version(db) == migrations.LATEST_VERSION
        assert migrations.migrate(db) == []  # idempotent


def test_step_by_step_upgrade_keeps_data(db_path):
    with Database(db_path) as db:
        migrations.migrate(db, 3)
        assert migrations.current_version(db) == 3
        db.execute("INSERT INTO customers (code, name, created_at) VALUES ('OLD', 'Old', 'x')")
        db.execute("INSERT INTO invoices (number, customer_id, status, issue_date, due_date, "
                   "subtotal, tax_total, total, created_at) VALUES "
                   "('INV-1', 1, 'paid', '2023-01-01', '2023-01-31', 100, 20, 120, 'x')")
        migrations.migrate(db)
        assert migrations.current_version(db) == migrations.LATEST_VERSION
        row = db.query_one("SELECT status, total FROM invoices")
        assert (row["status"], row["total"]) == ("issued", 120)


def test_open_refuses_outdated_schema(db_path):
    with Database(db_path) as db:
        migrations.migrate(db, 2)
    with pytest.raises(SchemaError) as err:
        Ledger.open(db_path)
    assert err.value.code == "schema_outdated"


def test_open_refuses_newer_schema(db_path):
    with Database(db_path) as db:
        migrations.migrate(db)
        db.execute("INSERT INTO schema_migrations VALUES (99, 'future', 'x')")
    with pytest.raises(SchemaError) as err:
        Ledger.open(db_path)
    assert err.value.code == "schema_too_new"


def test_failed_migration_rolls_back(db_path, monkeypatch):
    with Database(db_path) as db:
        migrations.migrate(db, 4)

        def broken(db):
            db.execute("CREATE TABLE half_done (x)")
            raise RuntimeError("boom")

        monkeypatch.setattr(migrations, "MIGRATIONS",
                            [m if m[0] != 5 else (5, "broken", broken)
                             for m in migrations.MIGRATIONS])
        with pytest.raises(MigrationError, match="migration 5"):
            migrations.migrate(db)
        assert migrations.current_version(db) == 4
        assert not db.table_exists("half_done")


def test_no_downgrade(db_path):
    with Database(db_path) as db:
        migrations.migrate(db)
        with pytest.raises(MigrationError):
            migrations.migrate(db, 1)


def test_missing_database_file(tmp_path):
    with pytest.raises(SchemaError):
        Ledger.open(str(tmp_path / "nope.db"))


def test_schema_is_plain_sqlite(db_path, ledger):
    conn = sqlite3.connect(db_path)
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    conn.close()
    assert {"settings", "customers", "products", "invoices", "invoice_lines", "payments",
            "payment_allocations", "stock_movements", "users", "audit_log",
            "schema_migrations", "tax_rates"} <= tables
