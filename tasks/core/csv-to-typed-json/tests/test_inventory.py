import json, os
def test_inventory():
    want = json.load(open(os.path.join(os.path.dirname(__file__), "expected.json")))
    got = json.load(open("/app/inventory.json"))
    assert isinstance(got, list) and len(got) == len(want)
    for g, w in zip(got, want):
        assert set(g) == set(w)
        assert g["sku"] == w["sku"] and g["name"] == w["name"]
        assert type(g["qty"]) is int and g["qty"] == w["qty"]
        if w["price"] is None:
            assert g["price"] is None
        else:
            assert isinstance(g["price"], (int, float)) and not isinstance(g["price"], bool)
            assert abs(g["price"] - w["price"]) < 1e-9
        assert g["discontinued"] is w["discontinued"]
