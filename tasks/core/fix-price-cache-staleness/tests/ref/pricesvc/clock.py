"""Clocks. Everything in pricesvc asks a clock object for the time, never `time` directly."""
import threading
import time


class SystemClock:
    def now(self):
        return time.monotonic()


class ManualClock:
    """A clock that only moves when told to."""

    def __init__(self, start=0.0):
        self._t = float(start)
        self._lock = threading.Lock()

    def now(self):
        with self._lock:
            return self._t

    def advance(self, seconds):
        with self._lock:
            self._t += seconds
