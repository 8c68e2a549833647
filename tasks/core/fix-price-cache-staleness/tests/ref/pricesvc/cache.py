"""A thread-safe LRU cache with a per-entry time-to-live."""
import threading
from collections import OrderedDict


class _Entry:
    __slots__ = ("value", "stored_at")

    def __init__(self, value, stored_at):
        self.value = value
        self.stored_at = stored_at


class TTLCache:
    def __init__(self, capacity, ttl, clock):
        if capacity < 1:
            raise ValueError("capacity must be >= 1")
        self.capacity = capacity
        self.ttl = ttl
        self.clock = clock
        self._data = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self):
        with self._lock:
            return len(self._data)

    def _expired(self, entry, now):
        return now - entry.stored_at >= self.ttl

    def get(self, key, default=None):
        now = self.clock.now()
        with self._lock:
            entry = self._data.get(key)
            if entry is None:
                return default
            if self._expired(entry, now):
                del self._data[key]
                return default
            self._data.move_to_end(key)
            return entry.value

    def put(self, key, value):
        now = self.clock.now()
        with self._lock:
            self._data[key] = _Entry(value, now)
            self._data.move_to_end(key)
            while len(self._data) > self.capacity:
                self._data.popitem(last=False)

    def invalidate(self, key):
        with self._lock:
            self._data.pop(key, None)

    def clear(self):
        with self._lock:
            self._data.clear()
