import threading

import pytest

from ledgerly.api.client import ApiError, Client
from ledgerly.api.server import create_server


@pytest.fixture
def client(stocked, db_path):
    stocked.users.add("alice", "admin", token="admin-token")
    stocked.users.add("victor", "viewer", token="viewer-token")
    server = create_server(db_path, "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    port = server.server_address[1]
    yield lambda token="admin-token": Client(f"http://127.0.0.1:{port}", token)
    server.shutdown()
    server.server_close()


def test_round_trip(client):
    api = client()
    assert api.health() == {"status": "ok"}
    api.create_customer("NEW", "New Customer", credit_limit="100")
    assert [c["code"] for c in api.customers(search="New")] == ["NEW"]
    invoice = api.create_invoice("NEW", [{"sku": "SVC"}], issue_date="2024-05-01")
    assert invoice["total"] == "114.00"
    with pytest.raises(ApiError) as err:
        api.issue(invoice["id"])
    assert (err.value.status, err.value.code) == (409, "credit_limit_exceeded")


def test_payment_flow(client):
    api = client()
    invoice = api.issue(api.create_invoice("ACME", [{"sku": "G-2", "quantity": "10"}],
                                           issue_date="2024-05-01")["id"])
    payment = api.record_payment("ACME", "20", received_on="2024-05-02")
    payment = api.allocate(payment["id"], invoice["number"], "10")
    assert payment["unallocated"] == "10.00"
    assert api.invoice(invoice["number"])["outstanding"] == "31.90"
    report = api.report("aged-receivables", as_of="2024-05-02")
    assert report["totals"]["total"] == "31.90"


def test_viewer_is_read_only(client):
    viewer = client("viewer-token")
    assert len(viewer.products()) == 3
    with pytest.raises(ApiError) as err:
        viewer.create_product("X", "X", "1")
    assert err.value.status == 403
    with pytest.raises(ApiError) as err:
        client("wrong").products()
    assert err.value.code == "unauthorized"
