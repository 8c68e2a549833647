"""Invoices."""
from decimal import Decimal, ROUND_HALF_UP

WEEKEND_SURCHARGE = Decimal("1.25")
LONG_STAY_NIGHTS = 7
LONG_STAY_DISCOUNT = Decimal("0.90")


def _night_price(rate, night):
    price = Decimal(str(rate))
    if night.weekday() in (4, 5):           # Friday and Saturday nights
        price *= WEEKEND_SURCHARGE
    return price


def invoice_total(room, stay):
    """Total price of `stay` in `room`, as a Decimal rounded to cents."""
    nights = stay.nights()
    total = sum((_night_price(room.rate, n) for n in nights), Decimal("0"))
    if len(nights) >= LONG_STAY_NIGHTS:
        total *= LONG_STAY_DISCOUNT
    return total.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
