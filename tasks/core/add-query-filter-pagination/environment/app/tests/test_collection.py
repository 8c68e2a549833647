import pytest

from docstore import Collection, NotFound
from docstore.paths import get_path, MISSING


def test_insert_get_copy():
    c = Collection()
    i = c.insert({"a": [1]})
    d = c.get(i)
    d["a"].append(2)
    assert c.get(i) == {"a": [1], "_id": 1}


def test_update_delete():
    c = Collection()
    i = c.insert({"x": 1})
    c.update(i, {"y.z": 2})
    assert c.get(i) == {"_id": 1, "x": 1, "y": {"z": 2}}
    c.delete(i)
    with pytest.raises(NotFound):
        c.get(i)
    assert c.insert({}) == 2


def test_paths():
    assert get_path({"a": {"b": 3}}, "a.b") == 3
    assert get_path({"a": 3}, "a.b") is MISSING


def test_save_load(tmp_path):
    c = Collection()
    c.insert_many([{"n": 1}, {"n": 2}])
    c.delete(1)
    c.save(str(tmp_path / "c.json"))
    d = Collection.load(str(tmp_path / "c.json"))
    assert d.all() == [{"n": 2, "_id": 2}]
    assert d.insert({}) == 3
