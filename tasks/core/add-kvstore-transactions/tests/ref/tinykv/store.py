"""KVStore: a multi-version in-memory index over an append-only log."""
import bisect
import json
import threading

from .errors import KVError, ConflictError
from .log import LogFile


def _encode_value(value):
    try:
        return json.dumps(value, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError) as e:
        raise KVError(f"value is not JSON-serialisable: {e}") from None


def _check_key(key):
    if not isinstance(key, str) or not key:
        raise KVError("keys must be non-empty strings")


class _Versions:
    """Committed versions of one key: parallel lists of commit sequence numbers and JSON
    texts (None = deleted), oldest first."""
    __slots__ = ("seqs", "texts")

    def __init__(self):
        self.seqs = []
        self.texts = []

    def at(self, seq):
        i = bisect.bisect_right(self.seqs, seq) - 1
        return None if i < 0 else self.texts[i]

    def latest(self):
        return self.texts[-1] if self.texts else None

    def last_seq(self):
        return self.seqs[-1] if self.seqs else 0

    def prune(self, horizon):
        """Drop versions no snapshot >= horizon can see."""
        i = bisect.bisect_right(self.seqs, horizon) - 1
        if i > 0:
            del self.seqs[:i]
            del self.texts[:i]


class KVStore:
    """Keys are non-empty strings, values anything JSON can represent. Every write is
    appended to the log before it becomes visible. Values are stored as JSON text, so callers
    always get fresh copies."""

    def __init__(self, path, fsync=False):
        self.path = path
        self._lock = threading.RLock()
        self._versions = {}                 # key -> _Versions
        self._seq = 0                       # last committed sequence number
        self._history = []                  # (seq, frozenset(keys)) of recent commits
        self._open = {}                     # id(tx) -> tx
        self._dirty = set()                 # keys that may hold versions nobody can see
        self._log = LogFile(path, fsync=fsync)
        for rec in self._log.open_and_replay():
            self._replay(rec)
        self._closed = False

    # -- internals ----------------------------------------------------------------------
    def _replay(self, rec):
        op = rec.get("op")
        if op in ("set", "del"):
            self._install({rec["key"]: rec.get("value") if op == "set" else None}, record=False)
        elif op == "batch":
            writes = {}
            for sub in rec["ops"]:
                writes[sub["key"]] = sub.get("value") if sub["op"] == "set" else None
            self._install(writes, record=False)
        else:
            raise KVError(f"unknown log record {rec!r}")

    def _horizon(self):
        if not self._open:
            return self._seq
        return min(tx._snapshot for tx in self._open.values())

    def _install(self, writes, record=True):
        """Make `writes` ({key: text or None}) the newest committed versions."""
        self._seq += 1
        seq = self._seq
        horizon = self._horizon()
        for key, text in writes.items():
            v = self._versions.get(key)
            if v is None:
                if text is None:
                    continue
                v = self._versions[key] = _Versions()
            v.seqs.append(seq)
            v.texts.append(text)
            v.prune(horizon)
            if self._open:
                self._dirty.add(key)
            elif len(v.texts) == 1 and v.texts[0] is None:
                del self._versions[key]
        if record and self._open:
            self._history.append((seq, frozenset(writes)))

    def _trim_history(self):
        if not self._open:
            self._history.clear()
            for key in self._dirty:
                v = self._versions.get(key)
                if v is not None:
                    v.prune(self._seq)
                    if len(v.texts) == 1 and v.texts[0] is None:
                        del self._versions[key]
            self._dirty.clear()
            return
        horizon = self._horizon()
        i = 0
        while i < len(self._history) and self._history[i][0] <= horizon:
            i += 1
        if i:
            del self._history[:i]

    def _check_open(self):
        if self._closed:
            raise KVError("store is closed")

    def _read(self, key, snapshot):
        v = self._versions.get(key)
        if v is None:
            return None
        return v.latest() if snapshot is None else v.at(snapshot)

    def _keys(self, prefix, snapshot):
        return sorted(k for k in self._versions if k.startswith(prefix)
                      and self._read(k, snapshot) is not None)

    # -- transactions (called by Transaction) -------------------------------------------
    def _begin(self, tx):
        with self._lock:
            self._check_open()
            tx._snapshot = self._seq
            self._open[id(tx)] = tx

    def _finish(self, tx):
        with self._lock:
            self._open.pop(id(tx), None)
            self._trim_history()

    def _commit(self, tx, writes, reads, prefixes):
        with self._lock:
            self._check_open()
            try:
                later = [keys for seq, keys in self._history if seq > tx._snapshot]
                for keys in later:
                    if any(k in keys for k in writes):
                        raise ConflictError("write-write conflict")
                    if reads is not None:
                        if any(k in keys for k in reads):
                            raise ConflictError("read-write conflict")
                        if any(k.startswith(p) for p in prefixes for k in keys):
                            raise ConflictError("read-write conflict on a key range")
                if writes:
                    ops = [{"op": "set", "key": k, "value": t} if t is not None
                           else {"op": "del", "key": k} for k, t in writes.items()]
                    rec = ops[0] if len(ops) == 1 else {"op": "batch", "ops": ops}
                    self._log.append([rec])
                    self._install(dict(writes))
            finally:
                self._open.pop(id(tx), None)
                self._trim_history()

    # -- API ----------------------------------------------------------------------------
    def begin(self, isolation="snapshot"):
        from .transaction import Transaction
        return Transaction(self, isolation)

    def get(self, key, default=None):
        with self._lock:
            self._check_open()
            text = self._read(key, None)
        return default if text is None else json.loads(text)

    def __contains__(self, key):
        with self._lock:
            return self._read(key, None) is not None

    def __len__(self):
        with self._lock:
            return sum(1 for v in self._versions.values() if v.latest() is not None)

    def set(self, key, value):
        _check_key(key)
        text = _encode_value(value)
        with self._lock:
            self._check_open()
            self._log.append([{"op": "set", "key": key, "value": text}])
            self._install({key: text})

    def delete(self, key):
        """Remove `key`; returns True if it existed."""
        with self._lock:
            self._check_open()
            if self._read(key, None) is None:
                return False
            self._log.append([{"op": "del", "key": key}])
            self._install({key: None})
            return True

    def keys(self, prefix=""):
        with self._lock:
            self._check_open()
            return self._keys(prefix, None)

    def items(self, prefix=""):
        with self._lock:
            self._check_open()
            return [(k, json.loads(self._read(k, None))) for k in self._keys(prefix, None)]

    def compact(self):
        """Rewrite the log so that it holds one record per live key."""
        with self._lock:
            self._check_open()
            self._log.rewrite([{"op": "set", "key": k, "value": self._read(k, None)}
                               for k in self._keys("", None)])

    def log_size(self):
        with self._lock:
            return self._log.size()

    def close(self):
        with self._lock:
            if not self._closed:
                for tx in list(self._open.values()):
                    tx._abort()
                self._open.clear()
                self._history.clear()
                self._log.close()
                self._closed = True

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False
