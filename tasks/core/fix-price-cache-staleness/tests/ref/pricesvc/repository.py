"""In-memory stand-in for the price database."""
import threading
from collections import namedtuple

Quote = namedtuple("Quote", "price version")


class PriceRepository:
    def __init__(self, prices=None):
        self._lock = threading.Lock()
        self._rows = {}               # sku -> Quote
        self._version = 0
        for sku, price in (prices or {}).items():
            self.update(sku, price)

    def fetch(self, sku):
        with self._lock:
            return self._rows[sku]

    def fetch_many(self, skus):
        with self._lock:
            return {s: self._rows[s] for s in skus if s in self._rows}

    def update(self, sku, price):
        with self._lock:
            self._version += 1
            self._rows[sku] = Quote(price, self._version)
            return self._version
