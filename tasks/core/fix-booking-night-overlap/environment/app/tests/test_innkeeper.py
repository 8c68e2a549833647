from decimal import Decimal

import pytest

from innkeeper import Hotel, Room, Stay, BookingError, invoice_total, parse_stay


def test_parse_stay():
    s = parse_stay("2024-03-01..2024-03-04")
    assert str(s) == "2024-03-01..2024-03-04"


def test_zero_night_stay_rejected():
    with pytest.raises(ValueError):
        Stay("2024-03-01", "2024-03-01")


def test_overlapping_booking_rejected():
    h = Hotel([Room(1, 100)])
    h.book("ann", "2024-03-01", "2024-03-05")
    with pytest.raises(BookingError):
        h.book("bob", "2024-03-04", "2024-03-06")


def test_invoice_weekdays():
    # Mon 2024-03-04 .. Thu 2024-03-07: three weekday nights
    assert invoice_total(Room(1, 80), Stay("2024-03-04", "2024-03-07")) == Decimal("240.00")


def test_invoice_weekend():
    # Fri 2024-03-08 .. Sun 2024-03-10: Friday and Saturday nights
    assert invoice_total(Room(1, 80), Stay("2024-03-08", "2024-03-10")) == Decimal("200.00")
