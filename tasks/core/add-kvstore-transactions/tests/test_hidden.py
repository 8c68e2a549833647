import json
import os
import random
import shutil
import subprocess
import sys
import threading
import time

import pytest

sys.path.append(APP)  # APP: the code under test (set by the grader's driver prelude)

from tinykv import KVStore, KVError  # noqa: E402
import tinykv  # noqa: E402

# `python -m tinykv` from APP needs APP on sys.path (ordinary start-up, no PYTHONSAFEPATH).
PROGRAM_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONSAFEPATH"}

TransactionError = getattr(tinykv, "TransactionError", None)
ConflictError = getattr(tinykv, "ConflictError", None)
TransactionClosed = getattr(tinykv, "TransactionClosed", None)
HERE = os.path.dirname(os.path.abspath(__file__))


@pytest.fixture
def db(tmp_path):
    s = KVStore(str(tmp_path / "db.kv"))
    yield s
    s.close()


def test_exports():
    assert issubclass(TransactionError, KVError)
    assert issubclass(ConflictError, TransactionError)
    assert issubclass(TransactionClosed, TransactionError)
    assert tinykv.Transaction is not None


# ------------------------------------------------------------------ basics
def test_own_writes_and_isolation(db):
    db.set("a", 1)
    db.set("b", 2)
    tx = db.begin()
    assert tx.active
    tx.set("a", 10)
    assert tx.delete("b") is True
    assert tx.delete("zz") is False
    tx.set("c", {"x": [1]})
    assert tx.get("a") == 10 and tx.get("b") is None and tx.get("b", "d") == "d"
    assert tx.keys() == ["a", "c"] and tx.items() == [("a", 10), ("c", {"x": [1]})]
    assert db.get("a") == 1 and db.get("b") == 2 and db.get("c") is None
    assert db.keys() == ["a", "b"]
    tx.commit()
    assert not tx.active
    assert db.items() == [("a", 10), ("c", {"x": [1]})]


def test_rollback_discards(db, tmp_path):
    db.set("a", 1)
    size = db.log_size()
    tx = db.begin()
    tx.set("a", 2)
    tx.set("n", 3)
    tx.rollback()
    assert db.items() == [("a", 1)]
    assert db.log_size() == size
    tx2 = db.begin()
    tx2.commit()                         # empty commit writes nothing
    tx3 = db.begin("serializable")
    tx3.get("a")
    tx3.commit()
    assert db.log_size() == size


def test_values_are_copies(db):
    tx = db.begin()
    v = {"l": [1]}
    tx.set("k", v)
    v["l"].append(2)
    got = tx.get("k")
    got["l"].append(3)
    assert tx.get("k") == {"l": [1]}
    tx.commit()
    assert db.get("k") == {"l": [1]}


def test_invalid_args_do_not_change_tx(db):
    tx = db.begin()
    tx.set("ok", 1)
    with pytest.raises(KVError):
        tx.set("", 1)
    with pytest.raises(KVError):
        tx.set(5, 1)
    with pytest.raises(KVError):
        tx.set("k", {1, 2})
    with pytest.raises(KVError):
        tx.set("k", float("nan"))
    assert tx.active and tx.keys() == ["ok"]
    tx.commit()
    assert db.items() == [("ok", 1)]
    with pytest.raises(ValueError):
        db.begin("read-committed")


def test_closed_transaction(db):
    tx = db.begin()
    tx.set("a", 1)
    tx.commit()
    for call in (lambda: tx.get("a"), lambda: tx.set("a", 2), lambda: tx.delete("a"),
                 lambda: tx.keys(), lambda: tx.items(), tx.commit, tx.rollback,
                 lambda: tx.savepoint("s"), lambda: tx.rollback_to("s"), lambda: tx.release("s")):
        with pytest.raises(TransactionClosed):
            call()
    tx = db.begin()
    tx.rollback()
    with pytest.raises(TransactionClosed):
        tx.commit()
    assert db.get("a") == 1


def test_context_manager(db):
    with db.begin() as tx:
        tx.set("a", 1)
    assert db.get("a") == 1 and not tx.active
    with pytest.raises(ZeroDivisionError):
        with db.begin() as tx:
            tx.set("a", 2)
            1 / 0
    assert db.get("a") == 1 and not tx.active
    with pytest.raises(ConflictError):
        with db.begin() as tx:
            tx.set("a", 3)
            db.set("a", 4)
    assert db.get("a") == 4
    with db.begin() as tx:
        tx.set("b", 1)
        tx.rollback()                     # explicit end inside the block is fine
    assert db.get("b") is None


def test_store_close_rolls_back(tmp_path):
    p = str(tmp_path / "db.kv")
    s = KVStore(p)
    s.set("a", 1)
    tx = s.begin()
    tx.set("a", 2)
    s.close()
    assert not tx.active
    with pytest.raises(TransactionClosed):
        tx.commit()
    with KVStore(p) as s2:
        assert s2.get("a") == 1


# ------------------------------------------------------------------ snapshots
def test_snapshot_reads(db):
    for i in range(5):
        db.set(f"k{i}", i)
    tx = db.begin()
    db.set("k0", 100)
    db.delete("k1")
    db.set("new", 1)
    other = db.begin()
    other.set("k2", 200)
    other.commit()
    assert tx.get("k0") == 0 and tx.get("k1") == 1 and tx.get("new") is None and tx.get("k2") == 2
    assert tx.keys() == ["k0", "k1", "k2", "k3", "k4"]
    assert tx.items("k1") == [("k1", 1)]
    late = db.begin()
    assert late.get("k0") == 100 and late.get("k1") is None and late.get("k2") == 200
    assert late.keys() == ["k0", "k2", "k3", "k4", "new"]
    tx.rollback()
    late.rollback()


def test_uncommitted_invisible_to_others(db):
    t1 = db.begin()
    t2 = db.begin()
    t1.set("x", 1)
    assert t2.get("x") is None and db.get("x") is None
    t1.commit()
    assert t2.get("x") is None            # t2's snapshot predates the commit
    assert db.begin().get("x") == 1
    t2.rollback()


def test_compaction_keeps_snapshots(db, tmp_path):
    for i in range(50):
        db.set("k", i)
        db.set(f"n{i % 5}", i)
    tx = db.begin()
    db.set("k", "after")
    db.delete("n0")
    db.compact()
    assert tx.get("k") == 49 and tx.get("n0") == 45
    tx.set("other", 1)
    tx.commit()
    assert db.get("k") == "after" and db.get("other") == 1 and db.get("n0") is None
    db.compact()
    expected = db.items()
    db.close()
    with KVStore(str(tmp_path / "db.kv")) as s:
        assert s.items() == expected
        assert s.log_size() < 600


# ------------------------------------------------------------------ conflicts
def test_write_write_first_committer_wins(db):
    db.set("a", 0)
    t1 = db.begin()
    t2 = db.begin()
    t1.set("a", 1)
    t2.set("a", 2)
    t1.commit()
    with pytest.raises(ConflictError):
        t2.commit()
    assert not t2.active and db.get("a") == 1
    with pytest.raises(TransactionClosed):
        t2.rollback()


def test_conflict_with_autocommit_and_delete(db):
    db.set("a", 0)
    t = db.begin()
    t.delete("a")
    db.set("a", 5)
    with pytest.raises(ConflictError):
        t.commit()
    t = db.begin()
    t.set("gone", 1)
    db.delete("a")
    db.set("gone", 0)
    db.delete("gone")                     # key ends up absent again: still a conflict
    with pytest.raises(ConflictError):
        t.commit()
    assert db.get("gone") is None


def test_disjoint_writes_commit(db):
    t1, t2 = db.begin(), db.begin()
    t1.set("a", 1)
    t2.set("b", 2)
    t2.get("a")
    t1.commit()
    t2.commit()                           # snapshot mode: reads not validated
    assert db.items() == [("a", 1), ("b", 2)]


def test_failed_commit_writes_nothing(db, tmp_path):
    t = db.begin()
    t.set("a", 1)
    t.set("b", 1)
    db.set("b", 0)
    size = db.log_size()
    with pytest.raises(ConflictError):
        t.commit()
    assert db.items() == [("b", 0)] and db.log_size() == size


def test_write_skew_allowed_in_snapshot_but_not_serializable(db):
    db.set("x", 1)
    db.set("y", 1)
    for iso, should_fail in (("snapshot", False), ("serializable", True)):
        db.set("x", 1)
        db.set("y", 1)
        t1, t2 = db.begin(iso), db.begin(iso)
        if t1.get("x") + t1.get("y") >= 2:
            t1.set("x", 0)
        if t2.get("x") + t2.get("y") >= 2:
            t2.set("y", 0)
        t1.commit()
        if should_fail:
            with pytest.raises(ConflictError):
                t2.commit()
            assert db.get("y") == 1
        else:
            t2.commit()
            assert db.get("x") == 0 and db.get("y") == 0


def test_serializable_read_only_and_phantoms(db):
    db.set("acct:1", 5)
    t = db.begin("serializable")
    t.get("acct:1")
    db.set("acct:1", 6)
    with pytest.raises(ConflictError):
        t.commit()
    t = db.begin("serializable")
    assert t.keys("acct:") == ["acct:1"]
    t.set("report", 1)
    db.set("acct:2", 1)                   # phantom in the scanned range
    with pytest.raises(ConflictError):
        t.commit()
    t = db.begin("serializable")
    t.items("user:")
    t.set("report", 2)
    db.set("acct:3", 1)                   # outside the scanned range
    t.commit()
    assert db.get("report") == 2
    t = db.begin("serializable")
    t.set("own", 1)
    t.get("own")                          # read answered from own writes still counts
    db.set("own", 7)
    with pytest.raises(ConflictError):
        t.commit()
    t = db.begin("serializable")
    t.delete("acct:3")                    # delete reads existence
    db.set("acct:3", 9)
    with pytest.raises(ConflictError):
        t.commit()
    t = db.begin("serializable")
    t.get("acct:1")
    db.set("zzz", 1)
    t.commit()


def test_conflicts_only_after_begin(db):
    db.set("a", 1)
    t = db.begin("serializable")
    t.get("a")
    t.set("a", 2)
    t.commit()
    assert db.get("a") == 2


# ------------------------------------------------------------------ savepoints
def test_savepoints(db):
    db.set("a", 0)
    t = db.begin()
    t.set("a", 1)
    t.savepoint("s1")
    t.set("a", 2)
    t.set("b", 2)
    t.savepoint("s2")
    t.delete("a")
    t.set("c", 3)
    assert t.keys() == ["b", "c"]
    t.rollback_to("s2")
    assert t.items() == [("a", 2), ("b", 2)]
    t.delete("b")
    t.rollback_to("s2")                   # s2 stays active
    assert t.get("b") == 2
    t.rollback_to("s1")
    assert t.items() == [("a", 1)]
    with pytest.raises(TransactionError):
        t.rollback_to("s2")               # destroyed by rolling back to s1
    t.savepoint("s2")
    t.set("z", 1)
    t.release("s1")                       # destroys s1 and s2, keeps writes
    with pytest.raises(TransactionError):
        t.rollback_to("s1")
    with pytest.raises(TransactionError):
        t.release("s2")
    t.savepoint("x")
    with pytest.raises(TransactionError):
        t.savepoint("x")
    with pytest.raises(TransactionError):
        t.release("nope")
    assert t.active
    t.commit()
    assert db.items() == [("a", 1), ("z", 1)]


def test_rolled_back_write_is_not_a_conflict(db):
    db.set("hot", 0)
    t = db.begin()
    t.savepoint("sp")
    t.set("hot", 1)
    t.rollback_to("sp")
    t.set("cold", 1)
    db.set("hot", 2)
    t.commit()
    assert db.items() == [("cold", 1), ("hot", 2)]
    t = db.begin()
    t.set("hot", 5)
    t.savepoint("sp")
    t.set("hot", 6)
    t.rollback_to("sp")                   # earlier write to hot is still there
    db.set("hot", 3)
    with pytest.raises(ConflictError):
        t.commit()


# ------------------------------------------------------------------ durability / crashes
def test_commit_is_durable(tmp_path):
    p = str(tmp_path / "db.kv")
    with KVStore(p) as s:
        s.set("a", 1)
        t = s.begin()
        t.set("a", 2)
        t.set("b", [1, 2])
        t.delete("nothing")
        t.commit()
        t2 = s.begin()
        t2.set("c", 1)                     # never committed
    with KVStore(p) as s:
        assert s.items() == [("a", 2), ("b", [1, 2])]


def state_of(path):
    with KVStore(path) as s:
        return dict(s.items())


def test_crash_at_every_byte_of_a_commit(tmp_path):
    p = str(tmp_path / "db.kv")
    with KVStore(p) as s:
        s.set("a", 1)
        s.set("b", 1)
        before = dict(s.items())
        start = s.log_size()
        t = s.begin()
        t.set("a", 2)
        t.delete("b")
        t.set("c", "x" * 30)
        t.set("d", {"n": None})
        t.commit()
        after = dict(s.items())
        end = s.log_size()
    assert before != after
    with open(p, "rb") as fh:
        full = fh.read()
    q = str(tmp_path / "crash.kv")
    for cut in range(start, end + 1):
        with open(q, "wb") as fh:
            fh.write(full[:cut])
        got = state_of(q)
        assert got == (after if cut == end else before), cut
        with KVStore(q) as s:              # the store keeps working after recovery
            s.set("post", cut)
        assert state_of(q)["post"] == cut


def test_crash_prefix_property_random(tmp_path):
    rng = random.Random(42)
    p = str(tmp_path / "db.kv")
    states, sizes = [], []
    with KVStore(p) as s:
        states.append({})
        sizes.append(s.log_size())
        for i in range(60):
            if rng.random() < 0.4:
                k = f"k{rng.randrange(8)}"
                if rng.random() < 0.3:
                    s.delete(k)
                else:
                    s.set(k, i)
            else:
                t = s.begin()
                for _ in range(rng.randint(1, 5)):
                    k = f"k{rng.randrange(8)}"
                    if rng.random() < 0.3:
                        t.delete(k)
                    else:
                        t.set(k, [i, k])
                if rng.random() < 0.2:
                    t.rollback()
                else:
                    t.commit()
            if s.log_size() != sizes[-1]:
                states.append(dict(s.items()))
                sizes.append(s.log_size())
    with open(p, "rb") as fh:
        full = fh.read()
    q = str(tmp_path / "cut.kv")
    cuts = sorted(set(rng.randrange(len(full) + 1) for _ in range(150)) | set(sizes))
    for cut in cuts:
        with open(q, "wb") as fh:
            fh.write(full[:cut])
        got = state_of(q)
        k = max(i for i, sz in enumerate(sizes) if sz <= cut)
        assert got == states[k], cut


def test_legacy_log(tmp_path):
    p = str(tmp_path / "legacy.kv")
    shutil.copy(os.path.join(HERE, "legacy.kv"), p)
    with KVStore(p) as s:
        assert dict(s.items()) == {}  # observed; the grader compares with the reference
        t = s.begin()
        t.set("added", 1)
        t.commit()
    with KVStore(p) as s:
        assert dict(s.items()) == {}  # observed; the grader compares with the reference


# ------------------------------------------------------------------ model-based random test
class Model:
    def __init__(self):
        self.state = {}
        self.seq = 0
        self.log = []                      # (seq, set(keys))

    def commit_writes(self, writes):
        self.seq += 1
        for k, v in writes.items():
            if v is None:
                self.state.pop(k, None)
            else:
                self.state[k] = v
        self.log.append((self.seq, set(writes)))


class MTx:
    def __init__(self, model, iso):
        self.snap = dict(model.state)
        self.begin_seq = model.seq
        self.iso = iso
        self.writes = {}
        self.undo = []
        self.sps = []
        self.reads = set()
        self.prefixes = set()

    def view(self):
        v = dict(self.snap)
        for k, x in self.writes.items():
            if x is None:
                v.pop(k, None)
            else:
                v[k] = x
        return v


@pytest.mark.parametrize("seed", range(12))
def test_against_model(tmp_path, seed):
    rng = random.Random(seed)
    p = str(tmp_path / "db.kv")
    s = KVStore(p)
    model = Model()
    txs = {}
    keys = [f"{a}{b}" for a in "pq" for b in "0123"]
    for step in range(400):
        r = rng.random()
        if r < 0.08 and len(txs) < 4:
            iso = rng.choice(["snapshot", "serializable"])
            name = f"t{step}"
            txs[name] = (s.begin(iso), MTx(model, iso))
            continue
        if r < 0.2:
            k = rng.choice(keys)
            if rng.random() < 0.3:
                exp = k in model.state
                assert s.delete(k) == exp  # hz:obs
                if exp:
                    model.commit_writes({k: None})
            else:
                s.set(k, step)
                model.commit_writes({k: step})
            continue
        if r < 0.23:
            s.compact()
            continue
        if not txs:
            continue
        name = rng.choice(sorted(txs))
        tx, m = txs[name]
        r = rng.random()
        if r < 0.25:
            k = rng.choice(keys)
            m.reads.add(k)
            assert tx.get(k) == m.view().get(k)  # hz:obs
        elif r < 0.32:
            pre = rng.choice(["", "p", "q", "p1", "x"])
            m.prefixes.add(pre)
            exp = sorted((k, v) for k, v in m.view().items() if k.startswith(pre))
            if rng.random() < 0.5:
                assert tx.items(pre) == exp  # hz:obs
            else:
                assert tx.keys(pre) == [k for k, _ in exp]
        elif r < 0.55:
            k = rng.choice(keys)
            m.undo.append((k, m.writes.get(k, "ABSENT")))
            m.writes[k] = [step, name]
            tx.set(k, [step, name])
        elif r < 0.65:
            k = rng.choice(keys)
            m.reads.add(k)
            exp = k in m.view()
            m.undo.append((k, m.writes.get(k, "ABSENT")))
            m.writes[k] = None
            assert tx.delete(k) == exp  # hz:obs
        elif r < 0.72:
            sp = rng.choice(["a", "b", "c"])
            if any(n == sp for n, _ in m.sps):
                with pytest.raises(TransactionError):
                    tx.savepoint(sp)
            else:
                tx.savepoint(sp)
                m.sps.append((sp, len(m.undo)))
        elif r < 0.8:
            sp = rng.choice(["a", "b", "c"])
            idx = [i for i, (n, _) in enumerate(m.sps) if n == sp]
            if not idx:
                with pytest.raises(TransactionError):
                    tx.rollback_to(sp)
            else:
                i = idx[0]
                mark = m.sps[i][1]
                while len(m.undo) > mark:
                    k, prev = m.undo.pop()
                    if prev == "ABSENT":
                        del m.writes[k]
                    else:
                        m.writes[k] = prev
                del m.sps[i + 1:]
                tx.rollback_to(sp)
        elif r < 0.84:
            sp = rng.choice(["a", "b", "c"])
            idx = [i for i, (n, _) in enumerate(m.sps) if n == sp]
            if not idx:
                with pytest.raises(TransactionError):
                    tx.release(sp)
            else:
                del m.sps[idx[0]:]
                tx.release(sp)
        elif r < 0.9:
            tx.rollback()
            del txs[name]
        else:
            later = [ks for sq, ks in model.log if sq > m.begin_seq]
            conflict = any(set(m.writes) & ks for ks in later)
            if m.iso == "serializable":
                conflict = conflict or any(m.reads & ks for ks in later) or any(
                    k.startswith(pre) for ks in later for k in ks for pre in m.prefixes)
            if conflict:
                with pytest.raises(ConflictError):
                    tx.commit()
            else:
                tx.commit()
                if m.writes:
                    model.commit_writes(dict(m.writes))
            assert not tx.active
            del txs[name]
        assert dict(s.items()) == model.state  # hz:obs
    s.close()
    assert state_of(p) == model.state  # hz:obs


# ------------------------------------------------------------------ threads
@pytest.mark.parametrize("iso", ["snapshot", "serializable"])
def test_concurrent_transfers(tmp_path, iso):
    s = KVStore(str(tmp_path / "bank.kv"))
    n = 6
    for i in range(n):
        s.set(f"acct:{i}", 100)
    conflicts = [0]
    lock = threading.Lock()

    def worker(seed):
        rng = random.Random(seed)
        for _ in range(150):
            while True:
                a, b = rng.sample(range(n), 2)
                tx = s.begin(iso)
                try:
                    amt = rng.randint(1, 20)
                    va, vb = tx.get(f"acct:{a}"), tx.get(f"acct:{b}")
                    tx.set(f"acct:{a}", va - amt)
                    tx.set(f"acct:{b}", vb + amt)
                    if rng.random() < 0.3:
                        assert sum(v for _, v in tx.items("acct:")) == 100 * n
                    tx.commit()
                    break
                except ConflictError:
                    with lock:
                        conflicts[0] += 1
    threads = [threading.Thread(target=worker, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert sum(v for _, v in s.items("acct:")) == 100 * n
    s.close()
    assert sum(state_of(str(tmp_path / "bank.kv")).values()) == 100 * n


# ------------------------------------------------------------------ shell
def shell(path, script):
    r = subprocess.run([sys.executable, "-m", "tinykv", path], input=script, capture_output=True, env=PROGRAM_ENV,
                       text=True, cwd=APP, timeout=60)
    return r.stdout.splitlines()


def test_shell(tmp_path):
    p = str(tmp_path / "sh.kv")
    out = shell(p, "\n".join([
        "SET a 1", "COMMIT", "ROLLBACK", "SAVEPOINT x", "RELEASE x", "ROLLBACK TO x",
        "begin", "BEGIN", "SET a 2", "SET b {\"k\": [1, 2]}", "GET a", "KEYS",
        "SAVEPOINT s", "DEL a", "GET a", "SAVEPOINT s", "ROLLBACK TO s", "GET a",
        "ROLLBACK TO nope", "RELEASE s", "RELEASE s", "COMPACT", "COMMIT", "GET b",
        "BEGIN SERIALIZABLE", "SET c 3", "ROLLBACK", "GET c",
        "BEGIN", "SET d 4", "QUIT"]) + "\n")
    assert out == ["OK", "ERR no transaction", "ERR no transaction", "ERR no transaction",
                   "ERR no transaction", "ERR no transaction",
                   "OK", "ERR transaction already open", "OK", "OK", "2", '["a", "b"]',
                   "OK", "1", "(nil)", "ERR savepoint exists", "OK", "2",
                   "ERR no such savepoint", "OK", "ERR no such savepoint", "ERR transaction open",
                   "OK", '{"k": [1, 2]}',
                   "OK", "OK", "OK", "(nil)",
                   "OK", "OK"]
    assert shell(p, "GET d\nGET a\nKEYS\n") == ["(nil)", "2", '["a", "b"]']
    assert shell(p, "BEGIN\nSET e 5\n") == ["OK", "OK"]
    assert shell(p, "GET e\n") == ["(nil)"]
