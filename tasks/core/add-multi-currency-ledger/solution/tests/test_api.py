import json
import threading
import urllib.error
import urllib.request

import pytest

from ledgerly.api.server import create_server, dispatch

ADMIN = {"Authorization": "Bearer admin-token"}
VIEWER = {"Authorization": "Bearer viewer-token"}


@pytest.fixture
def api(stocked):
    stocked.users.add("alice", "admin", token="admin-token")
    stocked.users.add("victor", "viewer", token="viewer-token")

    def call(method, path, body=None, headers=ADMIN):
        raw = b"" if body is None else json.dumps(body).encode()
        return dispatch(stocked, method, path, headers, raw)
    return call


def test_health_needs_no_token(api):
    assert api("GET", "/health", headers={}) == (200, {"status": "ok"})


def test_authentication(api):
    status, body = api("GET", "/customers", headers={})
    assert status == 401 and body["error"]["code"] == "unauthorized"
    status, body = api("GET", "/customers", headers={"Authorization": "Bearer nope"})
    assert status == 401


def test_customer_crud(api):
    status, body = api("POST", "/customers", {"code": "gamma", "name": "Gamma SA",
                                              "credit_limit": "250"})
    assert status == 201 and body["code"] == "GAMMA" and body["credit_limit"] == "250.00"
    status, body = api("POST", "/customers", {"code": "GAMMA", "name": "Again"})
    assert (status, body["error"]["code"]) == (409, "customer_exists")
    status, body = api("PATCH", "/customers/GAMMA", {"email": "x@y.zz"})
    assert status == 200 and body["email"] == "x@y.zz"
    status, body = api("GET", "/customers/GAMMA")
    assert body["balance"] == "0.00" and body["invoices"] == 0
    status, body = api("POST", "/customers", {"code": "X", "name": "X", "colour": "red"})
    assert (status, body["error"]["code"]) == (400, "invalid_field")
    status, body = api("GET", "/customers/NOPE")
    assert (status, body["error"]["code"]) == (404, "customer_not_found")


def test_invoice_flow(api):
    status, body = api("POST", "/invoices", {
        "customer": "ACME", "issue_date": "2024-04-01",
        "lines": [{"sku": "W-1", "quantity": "2"}, {"description": "Travel",
                                                     "unit_price": "40", "tax_code": "ZERO"}]})
    assert status == 201 and body["total"] == "70.00" and body["status"] == "draft"
    invoice_id = body["id"]
    status, body = api("POST", f"/invoices/{invoice_id}/issue")
    assert status == 200 and body["number"] == "INV-00001"
    status, body = api("POST", "/payments", {"customer": "ACME", "amount": "70",
                                             "received_on": "2024-04-10"})
    assert status == 201
    status, body = api("POST", f"/payments/{body['id']}/allocations",
                       {"invoice": "INV-00001"})
    assert status == 201 and body["unallocated"] == "0.00"
    status, body = api("GET", "/invoices/INV-00001")
    assert body["status"] == "paid" and body["outstanding"] == "0.00"
    status, body = api("GET", "/invoices?status=paid")
    assert [i["number"] for i in body["invoices"]] == ["INV-00001"]


def test_reports_endpoint(api):
    api("POST", "/invoices", {"customer": "BETA", "issue_date": "2024-04-01",
                              "lines": [{"sku": "SVC"}]})
    api("POST", "/invoices/1/issue")
    status, body = api("GET", "/reports/sales-by-customer?from=2024-04-01")
    assert status == 200 and body["totals"]["total"] == "95.00"
    status, body = api("GET", "/reports/nope")
    assert (status, body["error"]["code"]) == (400, "unknown_report")
    status, body = api("GET", "/reports/aged-receivables?as_of=2024-06-30", headers=VIEWER)
    assert status == 200


def test_permissions_enforced(api):
    status, body = api("POST", "/customers", {"code": "V", "name": "V"}, headers=VIEWER)
    assert (status, body["error"]["code"]) == (403, "forbidden")
    status, body = api("GET", "/audit", headers=VIEWER)
    assert status == 403
    status, body = api("GET", "/audit")
    assert status == 200 and body["entries"][0]["actor"] == "system"


def test_bad_requests(api):
    status, body = api("GET", "/nowhere")
    assert (status, body["error"]["code"]) == (404, "no_route")
    status, body = api("DELETE", "/customers")
    assert status == 405
    status, body = api("POST", "/customers", None)
    assert status == 400 and body["error"]["code"] == "missing_field"


def test_invalid_json(stocked):
    stocked.users.add("alice", "admin", token="admin-token")
    status, body = dispatch(stocked, "POST", "/customers", ADMIN, b"{nope")
    assert (status, body["error"]["code"]) == (400, "invalid_json")


def test_real_server(stocked, db_path):
    stocked.users.add("alice", "admin", token="admin-token")
    server = create_server(db_path, "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        port = server.server_address[1]
        request = urllib.request.Request(f"http://127.0.0.1:{port}/products", headers=ADMIN)
        with urllib.request.urlopen(request, timeout=10) as response:
            body = json.load(response)
        assert [p["sku"] for p in body["products"]] == ["G-2", "SVC", "W-1"]
        request = urllib.request.Request(f"http://127.0.0.1:{port}/products")
        with pytest.raises(urllib.error.HTTPError) as err:
            urllib.request.urlopen(request, timeout=10)
        assert err.value.code == 401
    finally:
        server.shutdown()
        server.server_close()
