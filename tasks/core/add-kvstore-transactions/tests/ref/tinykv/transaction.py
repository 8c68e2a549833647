"""Transactions: snapshot reads, buffered writes, savepoints, optimistic validation."""
import json

from .errors import TransactionClosed, TransactionError
from .store import _check_key, _encode_value

_ABSENT = object()


class Transaction:
    def __init__(self, store, isolation="snapshot"):
        if isolation not in ("snapshot", "serializable"):
            raise ValueError(f"unknown isolation level {isolation!r}")
        self._store = store
        self.isolation = isolation
        self._writes = {}            # key -> JSON text or None (delete)
        self._undo = []              # (key, previous entry or _ABSENT)
        self._savepoints = []        # (name, undo length)
        self._reads = set()
        self._prefixes = set()
        self._active = True
        self._snapshot = 0
        store._begin(self)

    # -- state --------------------------------------------------------------------------
    @property
    def active(self):
        return self._active

    def _check(self):
        if not self._active:
            raise TransactionClosed("transaction is closed")

    def _abort(self):
        self._active = False

    def _view(self, key):
        if key in self._writes:
            return self._writes[key]
        with self._store._lock:
            self._store._check_open()
            return self._store._read(key, self._snapshot)

    def _record(self, key, text):
        self._undo.append((key, self._writes.get(key, _ABSENT)))
        self._writes[key] = text

    # -- reads --------------------------------------------------------------------------
    def get(self, key, default=None):
        self._check()
        self._reads.add(key)
        text = self._view(key)
        return default if text is None else json.loads(text)

    def _visible_keys(self, prefix):
        with self._store._lock:
            self._store._check_open()
            base = set(self._store._keys(prefix, self._snapshot))
        for k, t in self._writes.items():
            if k.startswith(prefix):
                if t is None:
                    base.discard(k)
                else:
                    base.add(k)
        return sorted(base)

    def keys(self, prefix=""):
        self._check()
        self._prefixes.add(prefix)
        return self._visible_keys(prefix)

    def items(self, prefix=""):
        self._check()
        self._prefixes.add(prefix)
        return [(k, json.loads(self._view(k))) for k in self._visible_keys(prefix)]

    # -- writes -------------------------------------------------------------------------
    def set(self, key, value):
        self._check()
        _check_key(key)
        text = _encode_value(value)
        self._record(key, text)

    def delete(self, key):
        self._check()
        self._reads.add(key)
        existed = self._view(key) is not None
        self._record(key, None)
        return existed

    # -- savepoints ---------------------------------------------------------------------
    def _find(self, name):
        for i, (n, _) in enumerate(self._savepoints):
            if n == name:
                return i
        raise TransactionError(f"no such savepoint {name!r}")

    def savepoint(self, name):
        self._check()
        if not isinstance(name, str) or not name:
            raise TransactionError("savepoint names must be non-empty strings")
        if any(n == name for n, _ in self._savepoints):
            raise TransactionError(f"savepoint {name!r} exists")
        self._savepoints.append((name, len(self._undo)))

    def rollback_to(self, name):
        self._check()
        i = self._find(name)
        mark = self._savepoints[i][1]
        while len(self._undo) > mark:
            key, prev = self._undo.pop()
            if prev is _ABSENT:
                del self._writes[key]
            else:
                self._writes[key] = prev
        del self._savepoints[i + 1:]

    def release(self, name):
        self._check()
        i = self._find(name)
        del self._savepoints[i:]

    # -- end ----------------------------------------------------------------------------
    def commit(self):
        self._check()
        self._active = False
        reads = (self._reads | set()) if self.isolation == "serializable" else None
        self._store._commit(self, self._writes, reads, self._prefixes)

    def rollback(self):
        self._check()
        self._active = False
        self._store._finish(self)

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        if not self._active:
            return False
        if exc_type is None:
            self.commit()
        else:
            self.rollback()
        return False
