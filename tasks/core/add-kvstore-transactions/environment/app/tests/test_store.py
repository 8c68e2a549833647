import os
import subprocess
import sys

import pytest

from tinykv import KVStore, KVError


def test_roundtrip(tmp_path):
    p = str(tmp_path / "db.kv")
    with KVStore(p) as db:
        db.set("a", 1)
        db.set("b", {"x": [1, 2]})
        db.set("a", 2)
        assert db.delete("b") and not db.delete("zz")
    with KVStore(p) as db:
        assert db.get("a") == 2 and db.get("b") is None and db.keys() == ["a"]


def test_copies(tmp_path):
    with KVStore(str(tmp_path / "db.kv")) as db:
        v = {"l": [1]}
        db.set("k", v)
        v["l"].append(2)
        got = db.get("k")
        got["l"].append(3)
        assert db.get("k") == {"l": [1]}


def test_torn_tail(tmp_path):
    p = str(tmp_path / "db.kv")
    with KVStore(p) as db:
        db.set("a", 1)
        size = db.log_size()
        db.set("b", 2)
    with open(p, "r+b") as fh:
        fh.truncate(size + 5)
    with KVStore(p) as db:
        assert db.items() == [("a", 1)]
        db.set("c", 3)
    with KVStore(p) as db:
        assert db.keys() == ["a", "c"]


def test_compact(tmp_path):
    p = str(tmp_path / "db.kv")
    with KVStore(p) as db:
        for i in range(200):
            db.set("k", i)
        before = db.log_size()
        db.compact()
        assert db.log_size() < before / 50
        assert db.get("k") == 199


def test_bad_input(tmp_path):
    with KVStore(str(tmp_path / "db.kv")) as db:
        with pytest.raises(KVError):
            db.set("", 1)
        with pytest.raises(KVError):
            db.set("k", object())


def test_cli(tmp_path):
    p = str(tmp_path / "db.kv")
    r = subprocess.run([sys.executable, "-m", "tinykv", p], input="SET a {\"x\":1}\nGET a\nDEL a\nGET a\nKEYS\n",
                       capture_output=True, text=True, cwd=os.path.dirname(os.path.dirname(__file__)))
    assert r.stdout.splitlines() == ["OK", '{"x": 1}', "1", "(nil)", "[]"]
