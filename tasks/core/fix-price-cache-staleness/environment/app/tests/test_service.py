import threading

import pytest

from pricesvc import ManualClock, PriceRepository, PriceService, TTLCache


def test_cache_lru_and_ttl():
    clock = ManualClock()
    c = TTLCache(2, 10, clock)
    c.put("a", 1)
    c.put("b", 2)
    c.get("a")
    c.put("c", 3)                 # evicts b (least recently used)
    assert c.get("b") is None and c.get("a") == 1 and c.get("c") == 3
    clock.advance(10)
    assert c.get("c") is None


def test_get_and_set():
    svc = PriceService(PriceRepository({"A": 10, "B": 20}), clock=ManualClock())
    assert svc.get_price("A") == 10
    assert svc.get_price("A") == 10
    assert svc.stats.hits == 1 and svc.stats.loads == 1
    svc.set_price("A", 11)
    assert svc.get_price("A") == 11
    assert svc.get_prices(["A", "B", "Z"]) == {"A": 11, "B": 20}
    with pytest.raises(KeyError):
        svc.get_price("Z")


def test_single_flight():
    gate = threading.Event()

    class SlowRepo(PriceRepository):
        calls = 0

        def fetch(self, sku):
            SlowRepo.calls += 1
            gate.wait(5)
            return super().fetch(sku)

    svc = PriceService(SlowRepo({"A": 1}), clock=ManualClock())
    results = []
    threads = [threading.Thread(target=lambda: results.append(svc.get_price("A"))) for _ in range(5)]
    for t in threads:
        t.start()
    gate.set()
    for t in threads:
        t.join()
    assert results == [1] * 5 and SlowRepo.calls == 1
