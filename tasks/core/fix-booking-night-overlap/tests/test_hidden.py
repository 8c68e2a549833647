import os
import random
import subprocess
import sys
from datetime import date, timedelta
from decimal import Decimal, ROUND_HALF_UP

import pytest

sys.path.append(APP)  # APP: the code under test (set by the grader's driver prelude)

from innkeeper import Hotel, Room, Stay, BookingError, invoice_total, occupancy, parse_stay  # noqa

# `python -m <package>` from APP needs APP on sys.path (ordinary start-up, no PYTHONSAFEPATH).
PROGRAM_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONSAFEPATH"}


def d(s):
    return date.fromisoformat(s)


def test_nights_exact():
    assert Stay("2024-03-10", "2024-03-12").nights() == [d("2024-03-10"), d("2024-03-11")]  # hz:obs
    assert Stay("2024-02-28", "2024-03-01").nights() == [d("2024-02-28"), d("2024-02-29")]  # hz:obs
    assert Stay("2023-12-31", "2024-01-01").nights() == [d("2023-12-31")]  # hz:obs


def test_back_to_back_allowed():
    h = Hotel([Room(1, 100), Room(2, 100)])
    assert h.book("ann", "2024-03-08", "2024-03-12") == 1  # hz:obs
    assert h.available(Stay("2024-03-12", "2024-03-14")) == [1, 2]  # hz:obs
    assert h.book("bob", "2024-03-12", "2024-03-14") == 1  # hz:obs
    # arriving the day before check-out still conflicts
    assert h.book("cid", "2024-03-11", "2024-03-12") == 2  # hz:obs
    with pytest.raises(BookingError):
        h.rooms[1].book("dan", Stay("2024-03-13", "2024-03-15"))
    # a stay ending on another's check-in day is fine
    assert h.book("eve", "2024-03-06", "2024-03-08") == 1  # hz:obs


def test_overlaps_symmetric_and_half_open():
    a = Stay("2024-05-01", "2024-05-04")
    for other, exp in [(("2024-05-04", "2024-05-06"), False), (("2024-04-28", "2024-05-01"), False),
                       (("2024-05-03", "2024-05-06"), True), (("2024-04-28", "2024-05-02"), True),
                       (("2024-05-02", "2024-05-03"), True), (("2024-04-01", "2024-06-01"), True)]:
        b = Stay(*other)
        assert a.overlaps(b) is exp or a.overlaps(b) == exp  # hz:obs
        assert b.overlaps(a) == exp  # hz:obs


def test_occupancy_checkout_day_free():
    h = Hotel([Room(1, 100), Room(2, 100)])
    h.book("ann", "2024-03-10", "2024-03-12")
    h.book("bob", "2024-03-11", "2024-03-13")
    occ = occupancy(h, "2024-03-09", "2024-03-13")
    assert occ == {d("2024-03-09"): [], d("2024-03-10"): [1], d("2024-03-11"): [1, 2],  # hz:obs
                   d("2024-03-12"): [2], d("2024-03-13"): []}


def ref_total(rate, ci, co):
    n = (co - ci).days
    tot = Decimal("0")
    for i in range(n):
        night = ci + timedelta(days=i)
        p = Decimal(str(rate))
        if night.weekday() in (4, 5):
            p *= Decimal("1.25")
        tot += p
    if n >= 7:
        tot *= Decimal("0.90")
    return tot.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def test_invoices_unchanged():
    assert invoice_total(Room(1, 80), Stay("2024-03-04", "2024-03-07")) == Decimal("240.00")  # hz:obs
    assert invoice_total(Room(1, 80), Stay("2024-03-08", "2024-03-10")) == Decimal("200.00")  # hz:obs
    # exactly 7 nights -> discount
    assert invoice_total(Room(1, 100), Stay("2024-03-04", "2024-03-11")) == Decimal("675.00")  # hz:obs
    # 6 nights -> no discount
    assert invoice_total(Room(1, 100), Stay("2024-03-04", "2024-03-10")) == Decimal("650.00")  # hz:obs
    rng = random.Random(7)
    for _ in range(300):
        ci = date(2024, 1, 1) + timedelta(days=rng.randrange(400))
        co = ci + timedelta(days=rng.randint(1, 15))
        rate = rng.choice([55, 79.99, 100, 120.5])
        assert invoice_total(Room(1, rate), Stay(ci, co)) == ref_total(rate, ci, co)  # hz:obs


def test_random_against_model():
    rng = random.Random(11)
    for _ in range(40):
        h = Hotel([Room(n, 90, beds=1 + n % 3) for n in range(1, 5)])
        booked = {n: [] for n in range(1, 5)}
        for _ in range(40):
            ci = date(2024, 6, 1) + timedelta(days=rng.randrange(30))
            co = ci + timedelta(days=rng.randint(1, 5))
            beds = rng.randint(1, 3)
            nights = {ci + timedelta(days=i) for i in range((co - ci).days)}
            free = sorted(n for n in booked if 1 + n % 3 >= beds
                          and not any(nights & s for s in booked[n]))
            assert h.available(Stay(ci, co), beds) == free  # hz:obs
            if free:
                assert h.book("g", ci, co, beds) == free[0]  # hz:obs
                booked[free[0]].append(nights)
            else:
                with pytest.raises(BookingError):
                    h.book("g", ci, co, beds)
        occ = occupancy(h, "2024-06-01", "2024-07-10")
        for day, rooms in occ.items():
            assert rooms == sorted(n for n in booked if any(day in s for s in booked[n]))


def test_validation_kept():
    with pytest.raises(ValueError):
        Stay("2024-03-02", "2024-03-01")
    with pytest.raises(ValueError):
        parse_stay("2024-03-01")
    assert parse_stay("2024-03-01..2024-03-02").nights() == [d("2024-03-01")]  # hz:obs
