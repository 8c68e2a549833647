import pytest

from conftest import make_invoice
from ledgerly.errors import Conflict, ValidationError


@pytest.fixture
def billed(stocked):
    a = make_invoice(stocked, "ACME", "2024-01-10", [{"sku": "SVC"}])          # 114.00
    b = make_invoice(stocked, "ACME", "2024-02-10", [{"sku": "G-2", "quantity": "10"}])
    c = make_invoice(stocked, "BETA", "2024-02-11", [{"sku": "SVC"}])          # 95.00
    return stocked, a, b, c


def test_allocate_partial_and_full(billed):
    ledger, a, b, _c = billed
    payment = ledger.payments.record("ACME", "100", received_on="2024-02-01")
    payment = ledger.payments.allocate(payment.id, a.number, "60")
    assert payment.unallocated == 4000
    assert ledger.invoices.get(a.id).outstanding == 5400
    payment = ledger.payments.allocate(payment.id, a.number)
    assert payment.unallocated == 0
    assert ledger.invoices.get(a.id).status == "issued"
    second = ledger.payments.record("ACME", "14", received_on="2024-02-02")
    ledger.payments.allocate(second.id, a.id)
    assert ledger.invoices.get(a.id).status == "paid"


def test_allocation_errors(billed):
    ledger, a, b, c = billed
    payment = ledger.payments.record("ACME", "50", received_on="2024-02-01")
    with pytest.raises(Conflict) as err:
        ledger.payments.allocate(payment.id, c.number)
    assert err.value.code == "customer_mismatch"
    with pytest.raises(Conflict) as err:
        ledger.payments.allocate(payment.id, a.number, "50.01")
    assert err.value.code == "over_allocated"
    with pytest.raises(ValidationError):
        ledger.payments.allocate(payment.id, a.number, "0")
    draft = ledger.invoices.create("ACME")
    with pytest.raises(Conflict) as err:
        ledger.payments.allocate(payment.id, draft.id, "1")
    assert err.value.code == "not_open"


def test_auto_allocate_oldest_due_first(billed):
    ledger, a, b, _c = billed
    payment = ledger.payments.record("ACME", "150", received_on="2024-03-01",
                                     auto_allocate=True)
    assert [(x.invoice_number, x.amount) for x in payment.allocations] == [
        (a.number, 11400), (b.number, 3600)]
    assert ledger.invoices.get(a.id).status == "paid"
    assert ledger.customers.balance("ACME") == b.total - 3600


def test_overpayment_is_credit(billed):
    ledger, a, b, _c = billed
    ledger.payments.record("ACME", "1000", received_on="2024-03-01", auto_allocate=True)
    assert ledger.customers.balance("ACME") == -(100000 - a.total - b.total)


def test_payment_validation(stocked):
    with pytest.raises(ValidationError):
        stocked.payments.record("ACME", "0")
    with pytest.raises(ValidationError):
        stocked.payments.record("ACME", "10", method="bitcoin")
    with pytest.raises(ValidationError):
        stocked.payments.record("ACME", "10.001")


def test_void_with_payment_refused(billed):
    ledger, a, _b, _c = billed
    payment = ledger.payments.record("ACME", "10", received_on="2024-02-01")
    ledger.payments.allocate(payment.id, a.number)
    with pytest.raises(Conflict) as err:
        ledger.invoices.void(a.id, "nope")
    assert err.value.code == "has_payments"
