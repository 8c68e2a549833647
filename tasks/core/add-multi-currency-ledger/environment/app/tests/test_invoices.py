import pytest

from conftest import make_invoice
from ledgerly.errors import Conflict, ValidationError


def test_draft_defaults(stocked):
    invoice = stocked.invoices.create("ACME", issue_date="2024-05-01")
    assert invoice.status == "draft" and invoice.number is None
    assert invoice.due_date == "2024-05-31"
    invoice = stocked.invoices.create("ACME")
    assert invoice.issue_date == "2024-06-30"


def test_line_defaults_and_totals(stocked):
    invoice = make_invoice(stocked, "ACME", "2024-02-01", [
        {"sku": "W-1", "quantity": "3", "discount": "10"},
        {"sku": "G-2", "quantity": "2.5"},
        {"description": "Setup", "unit_price": "49.99", "tax_code": "ZERO"},
    ], issue=False)
    lines = invoice.to_dict()["lines"]
    assert [(l["net"], l["tax"], l["tax_code"]) for l in lines] == [
        ("33.75", "6.75", "STD"), ("9.98", "0.50", "RED"), ("49.99", "0.00", "ZERO")]
    assert (invoice.subtotal, invoice.tax_total, invoice.total) == (9372, 725, 10097)


def test_tax_exempt_customer(stocked):
    invoice = make_invoice(stocked, "BETA", "2024-02-01", [{"sku": "SVC", "quantity": "2"}],
                           issue=False)
    assert invoice.lines[0].tax_code == "EXEMPT"
    assert invoice.total == 19000


def test_issue_numbers_and_stock(stocked):
    first = make_invoice(stocked, "ACME", "2024-02-01", [{"sku": "W-1", "quantity": "4"}])
    second = make_invoice(stocked, "BETA", "2024-02-02", [{"sku": "SVC"}])
    assert (first.number, second.number) == ("INV-00001", "INV-00002")
    assert stocked.products.on_hand("W-1") == 96000
    assert stocked.settings.get("next_invoice_number") == "3"


def test_issue_rules(stocked):
    empty = stocked.invoices.create("ACME")
    with pytest.raises(Conflict) as err:
        stocked.invoices.issue(empty.id)
    assert err.value.code == "empty_invoice"
    big = make_invoice(stocked, "ACME", "2024-02-01", [{"sku": "W-1", "quantity": "101"}],
                       issue=False)
    with pytest.raises(Conflict) as err:
        stocked.invoices.issue(big.id)
    assert err.value.code == "insufficient_stock"
    assert stocked.invoices.get(big.id).status == "draft"
    assert stocked.settings.get("next_invoice_number") == "1"  # rolled back


def test_credit_limit(stocked):
    stocked.customers.update("ACME", credit_limit="200")
    make_invoice(stocked, "ACME", "2024-02-01", [{"sku": "SVC"}])
    draft = make_invoice(stocked, "ACME", "2024-02-02", [{"sku": "SVC"}], issue=False)
    with pytest.raises(Conflict) as err:
        stocked.invoices.issue(draft.id)
    assert err.value.code == "credit_limit_exceeded"


def test_issued_invoice_is_frozen(stocked):
    invoice = make_invoice(stocked, "ACME", "2024-02-01", [{"sku": "SVC"}])
    with pytest.raises(Conflict):
        stocked.invoices.add_line(invoice.id, sku="SVC")
    with pytest.raises(Conflict):
        stocked.invoices.issue(invoice.id)
    with pytest.raises(Conflict):
        stocked.invoices.delete_draft(invoice.number)


def test_remove_line_renumbers(stocked):
    invoice = make_invoice(stocked, "ACME", "2024-02-01", [
        {"sku": "SVC"}, {"sku": "G-2"}, {"sku": "W-1"}], issue=False)
    invoice = stocked.invoices.remove_line(invoice.id, 1)
    assert [(l.position, l.sku) for l in invoice.lines] == [(1, "G-2"), (2, "W-1")]
    assert invoice.subtotal == 399 + 1250
    with pytest.raises(ValidationError):
        stocked.invoices.remove_line(invoice.id, 9)


def test_void_returns_stock(stocked):
    invoice = make_invoice(stocked, "ACME", "2024-02-01", [{"sku": "W-1", "quantity": "5"}])
    with pytest.raises(ValidationError):
        stocked.invoices.void(invoice.id, "")
    voided = stocked.invoices.void(invoice.number, "customer cancelled")
    assert voided.status == "void" and voided.to_dict()["void_reason"] == "customer cancelled"
    assert stocked.products.on_hand("W-1") == 100000
    with pytest.raises(Conflict):
        stocked.invoices.void(invoice.id, "again")


def test_zero_invoice_is_paid_on_issue(stocked):
    invoice = make_invoice(stocked, "ACME", "2024-02-01",
                           [{"description": "Free", "unit_price": "0"}])
    assert invoice.status == "paid"


@pytest.mark.parametrize("line", [
    {"quantity": "0", "sku": "SVC"}, {"quantity": "1.0001", "sku": "SVC"},
    {"description": "x"}, {"unit_price": "1"}, {"sku": "SVC", "discount": "150"},
    {"sku": "SVC", "unit_price": "-1"},
])
def test_bad_lines(stocked, line):
    invoice = stocked.invoices.create("ACME")
    with pytest.raises(ValidationError):
        stocked.invoices.add_line(invoice.id, **line)


def test_update_draft_dates(stocked):
    invoice = stocked.invoices.create("ACME", issue_date="2024-01-01")
    invoice = stocked.invoices.update_draft(invoice.id, due_date="2024-01-15", notes=" hi ")
    assert (invoice.due_date, invoice.notes) == ("2024-01-15", "hi")
    with pytest.raises(ValidationError):
        stocked.invoices.update_draft(invoice.id, due_date="2023-12-31")
