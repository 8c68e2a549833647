import json

import pytest

from conftest import make_invoice
from ledgerly.errors import PermissionDenied, ValidationError
from ledgerly.io import exporters, importers


def test_import_customers_all_or_nothing(ledger):
    text = "code,name,email,credit_limit\nA,Alpha,a@x.io,10\nB,,b@x.io,\nC,Charlie,bad,\n"
    with pytest.raises(ValidationError) as err:
        importers.import_customers(ledger, text)
    assert [e["line"] for e in err.value.details["errors"]] == [3, 4]
    assert ledger.customers.list() == []


def test_import_update(ledger):
    importers.import_customers(ledger, "code,name\nA,Alpha\n")
    with pytest.raises(ValidationError):
        importers.import_customers(ledger, "code,name\nA,Alpha 2\n")
    result = importers.import_customers(ledger, "code,name\nA,Alpha 2\nB,Bravo\n",
                                        update=True)
    assert result == {"created": 1, "updated": 1}
    assert ledger.customers.get("A").name == "Alpha 2"


def test_import_products(ledger):
    result = importers.import_products(
        ledger, "sku,name,unit_price,tax_code,track_stock\nX1,Ex,1.50,RED,yes\nX2,Ey,2,,\n")
    assert result == {"created": 2, "updated": 0}
    assert ledger.products.get("X1").track_stock is True
    assert ledger.products.get("X2").tax_code == "STD"


def test_import_bad_header(ledger):
    with pytest.raises(ValidationError, match="bad CSV header"):
        importers.import_products(ledger, "sku,name\nX,Y\n")
    with pytest.raises(ValidationError):
        importers.import_products(ledger, "")


def test_export(stocked):
    make_invoice(stocked, "ACME", "2024-01-10", [{"sku": "SVC"}])
    voided = make_invoice(stocked, "BETA", "2024-01-11", [{"sku": "SVC"}])
    stocked.invoices.void(voided.id, "dup")
    document = json.loads(exporters.export_json(stocked))
    assert [i["number"] for i in document["invoices"]] == ["INV-00001"]
    document = json.loads(exporters.export_json(stocked, include_void=True))
    assert [i["status"] for i in document["invoices"]] == ["issued", "void"]
    assert document["totals"]["total"] == "114.00"
    rows = exporters.export_csv(stocked, date_from="2024-01-11").splitlines()
    assert rows == [",".join(exporters.CSV_COLUMNS)]


def test_permissions(stocked):
    stocked.users.add("cleo", "clerk", token="t")
    clerk = stocked.as_user("cleo")
    with pytest.raises(PermissionDenied):
        importers.import_customers(clerk, "code,name\nA,B\n")
    with pytest.raises(PermissionDenied):
        exporters.export_json(clerk)


def test_export_payments(stocked):
    first = make_invoice(stocked, "ACME", "2024-01-10", [{"sku": "SVC"}])
    second = make_invoice(stocked, "ACME", "2024-01-12", [{"sku": "G-2"}])
    stocked.payments.record("ACME", "120", received_on="2024-02-01", method="card",
                            reference="R-1", auto_allocate=True)
    stocked.payments.record("BETA", "5", received_on="2024-03-01")
    rows = exporters.export_payments_csv(stocked).splitlines()
    assert rows[0] == ",".join(exporters.PAYMENT_COLUMNS)
    assert rows[1] == (f"1,2024-02-01,ACME,card,R-1,120.00,118.19,1.81,"
                       f"{first.number}:114.00 {second.number}:4.19")
    assert rows[2] == "2,2024-03-01,BETA,bank,,5.00,0.00,5.00,"
    assert len(exporters.export_payments_csv(stocked, date_to="2024-02-15").splitlines()) == 2


def test_sales_by_month(stocked):
    make_invoice(stocked, "ACME", "2024-01-10", [{"sku": "SVC"}])
    make_invoice(stocked, "BETA", "2024-01-31", [{"sku": "SVC"}])
    make_invoice(stocked, "ACME", "2024-03-01", [{"sku": "G-2"}])
    body = json.loads(stocked.reports.render("sales-by-month", "json"))
    assert [(r["month"], r["customers"], r["invoices"], r["total"]) for r in body["rows"]] == [
        ("2024-01", 2, 2, "209.00"), ("2024-03", 1, 1, "4.19")]
    assert body["totals"]["total"] == "213.19"
