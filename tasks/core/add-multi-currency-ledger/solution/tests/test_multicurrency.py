import json

import pytest

from conftest import make_invoice
from ledgerly import currency as cur
from ledgerly.errors import Conflict, LedgerError, MigrationError, ValidationError
from ledgerly.storage import migrations
from ledgerly.storage.db import Database


@pytest.mark.parametrize("text,canonical", [
    ("1.17", "1.17"), ("1.170000", "1.17"), ("007", "7"), ("0.5", "0.5"), ("2.", None),
    ("0", None), ("-1", None), ("1.1234567", None), ("1e3", None), ("", None)])
def test_canonical_rate(text, canonical):
    if canonical is None:
        with pytest.raises(ValidationError):
            cur.canonical_rate(text)
    else:
        assert cur.canonical_rate(text) == canonical


def test_conversions_round_half_away_from_zero():
    assert cur.to_base(15609, 0, "0.00615") == 9600      # 95.99535 -> 96.00
    assert cur.to_base(-15609, 0, "0.00615") == -9600
    assert cur.to_base(1000125, 3, "3.25") == 325041      # 1000.125 KWD
    assert cur.from_base(9500, 0, "0.00615") == 15447
    assert cur.from_base(9500, 3, "3.2") == 29688        # 29.6875 -> 29.688


@pytest.fixture
def fx(stocked):
    stocked.currencies.set_rate("GBP", "2024-01-01", "1.17")
    stocked.currencies.set_rate("GBP", "2024-03-01", "1.2")
    stocked.currencies.set_rate("JPY", "2024-01-01", "0.00615")
    stocked.customers.add("UK", "UK Ltd", currency="gbp", credit_limit="5000")
    stocked.customers.add("JP", "Japan KK", currency="JPY")
    return stocked


def test_rate_lookup(fx):
    assert fx.currencies.rate_on("GBP", "2024-02-29") == ("1.17", "2024-01-01")
    assert fx.currencies.rate_on("GBP", "2024-03-01") == ("1.2", "2024-03-01")
    assert fx.currencies.rate_on("EUR", "1999-01-01") == ("1", None)
    with pytest.raises(LedgerError) as err:
        fx.currencies.rate_on("GBP", "2023-12-31")
    assert (err.value.code, err.value.status) == ("missing_fx_rate", 422)
    with pytest.raises(ValidationError) as err:
        fx.currencies.set_rate("EUR", "2024-01-01", "1")
    assert err.value.code == "base_currency_rate"


def test_foreign_invoice_and_payment(fx):
    invoice = make_invoice(fx, "JP", "2024-02-10", [{"sku": "SVC", "quantity": "3"}])
    body = invoice.to_dict()
    assert (body["currency"], body["fx_rate"], body["total"]) == ("JPY", "0.00615", "55609")
    assert (body["base_subtotal"], body["base_tax_total"], body["base_total"]) == (
        "285.00", "57.00", "342.00")
    fx.currencies.set_rate("JPY", "2024-04-01", "0.0059")
    payment = fx.payments.record("JP", "20000", received_on="2024-04-02", auto_allocate=True)
    allocation = payment.to_dict()["allocations"][0]
    assert allocation == {"invoice": invoice.number, "amount": "20000",
                          "base_amount": "123.00", "fx_gain": "-5.00"}
    with pytest.raises(ValidationError):
        fx.payments.record("JP", "10.5")
    report = json.loads(fx.reports.render("aged-receivables", "json", as_of="2024-05-01"))
    assert report["totals"]["total"] == "219.00"
    report = json.loads(fx.reports.render("aged-receivables", "json", as_of="2024-05-01",
                                          revalue="true"))
    assert report["params"]["revalue"] is True and report["totals"]["total"] == "210.09"
    gains = json.loads(fx.reports.render("fx-gains", "json"))
    assert gains["totals"] == {"base_amount": "123.00", "gain": "-5.00"}
    statement = json.loads(fx.reports.render("customer-statement", "json", customer="JP"))
    assert statement["params"]["currency"] == "JPY"
    assert statement["totals"]["balance"] == "35609"


def test_issue_needs_rate_and_keeps_number(fx):
    draft = make_invoice(fx, "UK", "2023-12-20", [{"description": "x", "unit_price": "10"}],
                         issue=False)
    with pytest.raises(LedgerError) as err:
        fx.invoices.issue(draft.id)
    assert err.value.code == "missing_fx_rate"
    assert fx.settings.get("next_invoice_number") == "1"
    with pytest.raises(LedgerError):
        fx.invoices.add_line(draft.id, sku="SVC")


def test_currency_locks(fx):
    make_invoice(fx, "UK", "2024-01-10", [{"sku": "SVC"}])
    with pytest.raises(Conflict) as err:
        fx.customers.update("UK", currency="EUR")
    assert err.value.code == "currency_locked"
    fx.customers.add("SW", "Switch", credit_limit="123.45")
    assert fx.customers.update("SW", currency="JPY").to_dict()["credit_limit"] == "123"
    with pytest.raises(ValidationError) as err:
        fx.settings.set("currency", "GBP")
    assert err.value.code == "currency_locked"


def test_migration_from_v5(db_path):
    with Database(db_path) as db:
        migrations.migrate(db, 5)
        db.execute("UPDATE settings SET value = 'USD' WHERE key = 'currency'")
        db.execute("INSERT INTO customers (code, name, created_at) VALUES ('A', 'A', 'x')")
        db.execute("INSERT INTO invoices (number, customer_id, status, issue_date, due_date, "
                   "subtotal, tax_total, total, created_at) VALUES "
                   "('INV-1', 1, 'issued', '2023-01-01', '2023-01-31', 100, 20, 120, 'x')")
        migrations.migrate(db)
        row = db.query_one("SELECT currency, fx_rate, base_total FROM invoices")
        assert tuple(row) == ("USD", "1", 120)
        assert db.scalar("SELECT currency FROM customers") == "USD"


def test_migration_refuses_three_decimal_base(db_path):
    with Database(db_path) as db:
        migrations.migrate(db, 5)
        db.execute("UPDATE settings SET value = 'KWD' WHERE key = 'currency'")
        with pytest.raises(MigrationError) as err:
            migrations.migrate(db)
        assert err.value.code == "invalid_base_currency"
        assert migrations.current_version(db) == 5
        assert not db.table_exists("currencies")
