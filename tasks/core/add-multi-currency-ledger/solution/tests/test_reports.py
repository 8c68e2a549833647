import json

import pytest

from conftest import make_invoice
from ledgerly.errors import ValidationError
from ledgerly.reports.base import render_csv, render_text


@pytest.fixture
def history(stocked):
    make_invoice(stocked, "ACME", "2024-01-10", [{"sku": "SVC"}, {"sku": "W-1",
                                                                   "quantity": "2"}])
    make_invoice(stocked, "ACME", "2024-02-15", [{"sku": "G-2", "quantity": "3"}])
    make_invoice(stocked, "BETA", "2024-03-01", [{"sku": "SVC", "quantity": "1.5"}])
    voided = make_invoice(stocked, "BETA", "2024-03-02", [{"sku": "SVC"}])
    stocked.invoices.void(voided.id, "mistake")
    stocked.invoices.create("ACME", issue_date="2024-03-03")  # draft, never counted
    stocked.payments.record("ACME", "100", received_on="2024-02-20", auto_allocate=True)
    stocked.payments.record("BETA", "42.50", received_on="2024-04-01", auto_allocate=True)
    return stocked


def as_json(ledger, name, **params):
    return json.loads(ledger.reports.render(name, "json", **params))


def test_sales_by_customer(history):
    body = as_json(history, "sales-by-customer")
    assert body["rows"] == [
        {"customer": "ACME", "name": "Acme Ltd", "invoices": 2, "net": "131.97",
         "tax": "24.60", "total": "156.57"},
        {"customer": "BETA", "name": "Beta GmbH", "invoices": 1, "net": "142.50",
         "tax": "0.00", "total": "142.50"},
    ]
    assert body["totals"] == {"invoices": 3, "net": "274.47", "tax": "24.60",
                              "total": "299.07"}
    period = as_json(history, "sales-by-customer", **{"from": "2024-02-01", "to": "2024-02-29"})
    assert [r["customer"] for r in period["rows"]] == ["ACME"]
    assert period["totals"]["total"] == "12.57"


def test_sales_by_product_and_tax(history):
    body = as_json(history, "sales-by-product")
    assert [(r["sku"], r["quantity"], r["net"]) for r in body["rows"]] == [
        ("SVC", "2.5", "237.50"), ("W-1", "2", "25.00"), ("G-2", "3", "11.97")]
    tax = as_json(history, "tax-summary")
    assert [(r["tax_code"], r["rate"], r["net"], r["tax"]) for r in tax["rows"]] == [
        ("EXEMPT", "0", "142.50", "0.00"), ("RED", "5", "11.97", "0.60"),
        ("STD", "20", "120.00", "24.00")]


def test_aged_receivables(history):
    body = as_json(history, "aged-receivables", as_of="2024-03-15")
    rows = {r["customer"]: r for r in body["rows"]}
    # ACME: 156.57 - 100 paid -> 56.57; oldest invoice (due 2024-02-09) paid first
    assert rows["ACME"]["total"] == "56.57"
    assert rows["ACME"]["current"] == "12.57"
    assert rows["ACME"]["d31_60"] == "44.00"
    # BETA: its payment comes after the as-of date
    assert rows["BETA"]["current"] == "142.50"
    later = as_json(history, "aged-receivables", as_of="2024-06-30")
    rows = {r["customer"]: r for r in later["rows"]}
    assert rows["BETA"]["d90_plus"] == "100.00"
    assert later["totals"]["total"] == "156.57"


def test_customer_statement(history):
    body = as_json(history, "customer-statement", customer="ACME")
    assert [(r["kind"], r["debit"], r["credit"], r["balance"]) for r in body["rows"]] == [
        ("invoice", "144.00", None, "144.00"), ("invoice", "12.57", None, "156.57"),
        ("payment", None, "100.00", "56.57")]
    part = as_json(history, "customer-statement", customer="ACME", **{"from": "2024-02-01"})
    assert part["notes"] == ["Opening balance: 144.00"]
    assert part["totals"]["balance"] == "56.57"
    with pytest.raises(ValidationError):
        history.reports.build("customer-statement")


def test_inventory_valuation(history):
    body = as_json(history, "inventory-valuation", as_of="2024-06-30")
    assert body["rows"] == [{"sku": "W-1", "name": "Widget", "on_hand": "98",
                             "unit_price": "12.50", "value": "1225.00"}]


def test_renderers(history):
    report = history.reports.build("tax-summary")
    text = render_text(report)
    assert text.splitlines()[0] == "Tax summary"
    assert "TOTAL" in text.splitlines()[-1]
    lines = render_csv(report).splitlines()
    assert lines[0] == "Tax code,Rate %,Net,Tax"
    assert lines[-1] == "TOTAL,,274.47,24.60" or lines[-1].startswith("TOTAL,")


def test_report_errors(history):
    with pytest.raises(ValidationError):
        history.reports.build("nope")
    with pytest.raises(ValidationError):
        history.reports.build("tax-summary", as_of="2024-01-01")
    with pytest.raises(ValidationError):
        history.reports.build("tax-summary", **{"from": "2024-02-01", "to": "2024-01-01"})
