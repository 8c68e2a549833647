import os
import sys

import pytest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from ledgerly.app import Ledger  # noqa: E402


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch):
    monkeypatch.setenv("LEDGERLY_TODAY", "2024-06-30")


@pytest.fixture
def db_path(tmp_path):
    return str(tmp_path / "ledger.db")


@pytest.fixture
def ledger(db_path):
    led = Ledger.create(db_path, company_name="Test Co", currency="EUR")
    yield led
    led.close()


@pytest.fixture
def stocked(ledger):
    """A ledger with two customers, three products and some stock."""
    ledger.customers.add("ACME", "Acme Ltd", email="ap@acme.test", country="DE")
    ledger.customers.add("BETA", "Beta GmbH", tax_exempt=True)
    ledger.products.add("W-1", "Widget", "12.50", track_stock=True)
    ledger.products.add("G-2", "Gadget", "3.99", tax_code="RED")
    ledger.products.add("SVC", "Consulting hour", "95.00")
    ledger.products.move_stock("W-1", "100", "receipt", occurred_on="2024-01-01")
    return ledger


def make_invoice(ledger, customer, date, lines, *, issue=True):
    invoice = ledger.invoices.create(customer, issue_date=date)
    for line in lines:
        invoice = ledger.invoices.add_line(invoice.id, **line)
    if issue:
        invoice = ledger.invoices.issue(invoice.id)
    return invoice
