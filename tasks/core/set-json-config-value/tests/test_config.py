import json, os
def test_config():
    got = json.load(open("/app/config/service.json"))
    want = json.load(open(os.path.join(os.path.dirname(__file__), "expected.json")))
    assert got == want
    v = got["database"]["pool"]["max_size"]
    assert type(v) is int and v == 40
def test_no_other_files():
    assert os.listdir("/app/config") == ["service.json"]
