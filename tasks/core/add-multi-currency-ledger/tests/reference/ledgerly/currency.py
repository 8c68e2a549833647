"""Currencies, FX rates and conversion to and from the base currency.

The base currency is the setting ``currency``; its exponent is always 2 (amounts of version-5
ledgers were stored in hundredths). An FX rate is the value of one unit of a currency in units of
the base currency, a positive decimal with at most 6 decimals, kept as its canonical string.

Conversions round once, half away from zero, to the minor unit of the target currency:

* to base:   ``base = round(amount / 10**e x rate x 10**2)``
* from base: ``amount = round(base / 10**2 / rate x 10**e)``
"""

import re
from fractions import Fraction

from ledgerly.errors import LedgerError, ValidationError
from ledgerly.money import round_half_up

BASE_EXPONENT = 2
RATE_DIGITS = 6
CODE_RE = re.compile(r"^[A-Z]{3}$")
_RATE_RE = re.compile(r"^(\d+)(?:\.(\d+))?$")

BUILTIN = {
    "USD": 2, "EUR": 2, "GBP": 2, "CHF": 2, "SEK": 2, "NOK": 2, "DKK": 2, "PLN": 2,
    "CAD": 2, "AUD": 2, "JPY": 0, "KRW": 0, "ISK": 0, "KWD": 3, "BHD": 3, "JOD": 3,
}


class MissingRate(LedgerError):
    code = "missing_fx_rate"
    status = 422


def unknown_currency(code):
    return ValidationError(f"unknown currency {code!r}", code="unknown_currency")


def currency_code(value):
    code = (value or "").strip().upper() if isinstance(value, str) else value
    if not isinstance(code, str) or not CODE_RE.match(code):
        raise ValidationError(f"invalid currency code: {value!r}", code="invalid_currency")
    return code


def exponent_value(value):
    if isinstance(value, bool):
        raise ValidationError(f"invalid exponent: {value!r}", code="invalid_currency")
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if not isinstance(value, int) or not 0 <= value <= 4:
        raise ValidationError(f"invalid exponent: {value!r} (0 to 4)", code="invalid_currency")
    return value


def canonical_rate(value):
    """``"1.500"`` -> ``"1.5"``; rejects zero, negatives, exponents and over 6 decimals."""
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise ValidationError(f"invalid FX rate: {value!r}", code="invalid_rate")
    text = str(value).strip()
    match = _RATE_RE.match(text)
    if not match:
        raise ValidationError(f"invalid FX rate: {value!r}", code="invalid_rate")
    whole, frac = match.group(1), (match.group(2) or "")
    if len(frac) > RATE_DIGITS:
        raise ValidationError(f"invalid FX rate: {value!r} has more than 6 decimals",
                              code="invalid_rate")
    frac = frac.rstrip("0")
    whole = whole.lstrip("0") or "0"
    text = whole + ("." + frac if frac else "")
    if Fraction(text) <= 0:
        raise ValidationError(f"invalid FX rate: {value!r} must be positive",
                              code="invalid_rate")
    return text


def rate_fraction(rate):
    return Fraction(rate)


def to_base(amount, exponent, rate):
    """Minor units of a currency with ``exponent`` -> base minor units at ``rate``."""
    exact = Fraction(amount) * rate_fraction(rate) * Fraction(10 ** BASE_EXPONENT, 10 ** exponent)
    return round_half_up(exact)


def from_base(base_amount, exponent, rate):
    """Base minor units -> minor units of a currency with ``exponent`` at ``rate``."""
    exact = Fraction(base_amount) / rate_fraction(rate) * Fraction(10 ** exponent,
                                                                   10 ** BASE_EXPONENT)
    return round_half_up(exact)
