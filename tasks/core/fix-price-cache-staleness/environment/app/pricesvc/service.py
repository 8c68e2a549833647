"""The price service: cache in front of the repository."""
import threading

from .cache import TTLCache
from .clock import SystemClock

_MISS = object()


class Stats:
    def __init__(self):
        self.hits = 0
        self.misses = 0
        self.loads = 0


class _Flight:
    """One in-progress repository load that other callers can wait for."""

    def __init__(self):
        self.done = threading.Event()
        self.value = None
        self.error = None


class PriceService:
    def __init__(self, repo, clock=None, ttl=30.0, capacity=1024):
        self.repo = repo
        self.clock = clock or SystemClock()
        self.cache = TTLCache(capacity, ttl, self.clock)
        self.stats = Stats()
        self._lock = threading.Lock()
        self._flights = {}            # sku -> _Flight

    # -- reads ---------------------------------------------------------------------------
    def get_price(self, sku):
        value = self.cache.get(sku, _MISS)
        if value is not _MISS:
            self.stats.hits += 1
            return value
        self.stats.misses += 1
        with self._lock:
            flight = self._flights.get(sku)
            leader = flight is None
            if leader:
                flight = self._flights[sku] = _Flight()
        if not leader:
            flight.done.wait()
            if flight.error is not None:
                raise flight.error
            return flight.value
        return self._load(sku, flight)

    def _load(self, sku, flight):
        try:
            self.stats.loads += 1
            quote = self.repo.fetch(sku)
            self.cache.put(sku, quote.price)
            flight.value = quote.price
            return quote.price
        except BaseException as exc:
            flight.error = exc
            raise
        finally:
            with self._lock:
                self._flights.pop(sku, None)
            flight.done.set()

    def get_prices(self, skus):
        out, missing = {}, []
        for sku in skus:
            value = self.cache.get(sku, _MISS)
            if value is _MISS:
                missing.append(sku)
            else:
                self.stats.hits += 1
                out[sku] = value
        if missing:
            self.stats.misses += len(missing)
            self.stats.loads += 1
            for sku, quote in self.repo.fetch_many(missing).items():
                self.cache.put(sku, quote.price)
                out[sku] = quote.price
        return out

    # -- writes --------------------------------------------------------------------------
    def set_price(self, sku, price):
        self.repo.update(sku, price)
        self.cache.invalidate(sku)
