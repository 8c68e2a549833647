"""KVStore: an in-memory index over an append-only log."""
import json
import threading

from .errors import KVError
from .log import LogFile


def _encode_value(value):
    try:
        return json.dumps(value, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError) as e:
        raise KVError(f"value is not JSON-serialisable: {e}") from None


def _check_key(key):
    if not isinstance(key, str) or not key:
        raise KVError("keys must be non-empty strings")


class KVStore:
    """Keys are non-empty strings, values anything JSON can represent. Every write is
    appended to the log before it becomes visible. Values are stored as JSON text, so callers
    always get fresh copies."""

    def __init__(self, path, fsync=False):
        self.path = path
        self._lock = threading.RLock()
        self._data = {}                     # key -> JSON text
        self._log = LogFile(path, fsync=fsync)
        for rec in self._log.open_and_replay():
            self._apply(rec)
        self._closed = False

    # -- internals ----------------------------------------------------------------------
    def _apply(self, rec):
        op = rec.get("op")
        if op == "set":
            self._data[rec["key"]] = rec["value"]
        elif op == "del":
            self._data.pop(rec["key"], None)
        else:
            raise KVError(f"unknown log record {rec!r}")

    def _check_open(self):
        if self._closed:
            raise KVError("store is closed")

    # -- API ----------------------------------------------------------------------------
    def get(self, key, default=None):
        with self._lock:
            self._check_open()
            text = self._data.get(key)
        return default if text is None else json.loads(text)

    def __contains__(self, key):
        with self._lock:
            return key in self._data

    def __len__(self):
        with self._lock:
            return len(self._data)

    def set(self, key, value):
        _check_key(key)
        text = _encode_value(value)
        with self._lock:
            self._check_open()
            rec = {"op": "set", "key": key, "value": text}
            self._log.append([rec])
            self._apply(rec)

    def delete(self, key):
        """Remove `key`; returns True if it existed."""
        with self._lock:
            self._check_open()
            if key not in self._data:
                return False
            rec = {"op": "del", "key": key}
            self._log.append([rec])
            self._apply(rec)
            return True

    def keys(self, prefix=""):
        with self._lock:
            self._check_open()
            return sorted(k for k in self._data if k.startswith(prefix))

    def items(self, prefix=""):
        with self._lock:
            self._check_open()
            return [(k, json.loads(self._data[k])) for k in sorted(self._data) if k.startswith(prefix)]

    def compact(self):
        """Rewrite the log so that it holds one record per live key."""
        with self._lock:
            self._check_open()
            self._log.rewrite([{"op": "set", "key": k, "value": v}
                               for k, v in sorted(self._data.items())])

    def log_size(self):
        with self._lock:
            return self._log.size()

    def close(self):
        with self._lock:
            if not self._closed:
                self._log.close()
                self._closed = True

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False
