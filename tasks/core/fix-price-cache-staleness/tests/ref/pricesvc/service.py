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

    def __init__(self, generation):
        self.done = threading.Event()
        self.generation = generation
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
        self._generation = {}         # sku -> number of set_price calls seen

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
                flight = self._flights[sku] = _Flight(self._generation.get(sku, 0))
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
            with self._lock:
                if self._generation.get(sku, 0) == flight.generation:
                    self.cache.put(sku, quote.price)
            flight.value = quote.price
            return quote.price
        except BaseException as exc:
            flight.error = exc
            raise
        finally:
            with self._lock:
                if self._flights.get(sku) is flight:
                    del self._flights[sku]
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
            with self._lock:
                gens = {sku: self._generation.get(sku, 0) for sku in missing}
            quotes = self.repo.fetch_many(missing)
            with self._lock:
                for sku, quote in quotes.items():
                    if self._generation.get(sku, 0) == gens[sku]:
                        self.cache.put(sku, quote.price)
            for sku, quote in quotes.items():
                out[sku] = quote.price
        return out

    # -- writes --------------------------------------------------------------------------
    def set_price(self, sku, price):
        self.repo.update(sku, price)
        with self._lock:
            self._generation[sku] = self._generation.get(sku, 0) + 1
            # loads that started before this update must neither fill the cache nor be
            # joined by readers that start after it
            self._flights.pop(sku, None)
            self.cache.invalidate(sku)
