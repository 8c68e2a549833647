import pytest

from ledgerly.errors import Conflict, NotFound, ValidationError


def test_add_and_get_customer(ledger):
    customer = ledger.customers.add("acme", "Acme Ltd", email="a@b.co", country="de",
                                    credit_limit="1000")
    assert customer.code == "ACME" and customer.country == "DE"
    assert ledger.customers.get("ACME").to_dict() == {
        "code": "ACME", "name": "Acme Ltd", "email": "a@b.co", "country": "DE",
        "tax_exempt": False, "credit_limit": "1000.00", "archived": False}


@pytest.mark.parametrize("kwargs", [
    {"code": "", "name": "x"}, {"code": "A B", "name": "x"}, {"code": "OK", "name": ""},
    {"code": "OK", "name": "x", "email": "nope"}, {"code": "OK", "name": "x", "country": "DEU"},
    {"code": "OK", "name": "x", "credit_limit": "-1"},
])
def test_customer_validation(ledger, kwargs):
    with pytest.raises(ValidationError):
        ledger.customers.add(**kwargs)


def test_duplicate_customer(ledger):
    ledger.customers.add("ACME", "Acme")
    with pytest.raises(Conflict) as err:
        ledger.customers.add("acme", "Again")
    assert err.value.code == "customer_exists"


def test_update_customer_audits_diff(ledger):
    ledger.customers.add("ACME", "Acme")
    ledger.customers.update("ACME", name="Acme Two", credit_limit="50")
    entry = ledger.audit.entries(entity="customer")[0]
    assert entry.action == "update"
    assert entry.detail["changes"] == {"name": ["Acme", "Acme Two"],
                                       "credit_limit": ["0.00", "50.00"]}
    with pytest.raises(ValidationError):
        ledger.customers.update("ACME", archived=True)


def test_archive_customer(stocked):
    stocked.customers.archive("BETA")
    assert [c.code for c in stocked.customers.list()] == ["ACME"]
    assert [c.code for c in stocked.customers.list(include_archived=True)] == ["ACME", "BETA"]
    with pytest.raises(Conflict):
        stocked.invoices.create("BETA")


def test_unknown_customer(ledger):
    with pytest.raises(NotFound) as err:
        ledger.customers.get("NOPE")
    assert err.value.code == "customer_not_found"


def test_products_and_tax_rates(ledger):
    product = ledger.products.add("P-1", "Thing", "9.99", tax_code="red")
    assert product.to_dict()["tax_code"] == "RED"
    with pytest.raises(NotFound):
        ledger.products.add("P-2", "Thing", "1", tax_code="NOPE")
    ledger.products.set_tax_rate("SUPER", "Super reduced", "2.1")
    assert ledger.products.tax_rate("SUPER").basis_points == 210
    assert [t.code for t in ledger.products.tax_rates()] == ["EXEMPT", "RED", "STD", "SUPER",
                                                            "ZERO"]
    ledger.products.update("P-1", unit_price="10", name="Thing 2")
    assert ledger.products.get("P-1").unit_price == 1000


def test_stock_movements(stocked):
    assert stocked.products.on_hand("W-1") == 100000
    stocked.products.move_stock("W-1", "2.5", "sale", occurred_on="2024-02-01")
    stocked.products.move_stock("W-1", "-1", "adjust", occurred_on="2024-03-01")
    assert stocked.products.on_hand("W-1") == 96500
    assert stocked.products.on_hand("W-1", "2024-02-15") == 97500
    with pytest.raises(Conflict) as err:
        stocked.products.move_stock("W-1", "1000", "sale")
    assert err.value.code == "insufficient_stock"
    with pytest.raises(Conflict) as err:
        stocked.products.move_stock("SVC", "1", "receipt")
    assert err.value.code == "not_stocked"
    with pytest.raises(ValidationError):
        stocked.products.move_stock("W-1", "0", "receipt")
    kinds = [m.kind for m in stocked.products.movements("W-1")]
    assert kinds == ["receipt", "sale", "adjust"]
