"""Amounts, quantities, percentages and rounding.

Amounts are integers in minor units (hundredths: cents). Every division rounds *half away from
zero* ("half up" for positive values), done exactly with :class:`fractions.Fraction`; floats never
touch money.

Textual forms:

* amounts: ``"12"``, ``"12.5"``, ``"-0.05"``, ``"1234.56"`` (at most 2 decimals) -> minor units;
  formatted back as ``"1234.56"`` (always 2 decimals, ``-`` for negatives, no grouping).
* quantities: up to 3 decimals, stored as thousandths (``"1.5"`` -> 1500).
* percentages: up to 2 decimals, stored as basis points (``"20"`` -> 2000, ``"7.5"`` -> 750).
"""

import re
from fractions import Fraction

from ledgerly.errors import ValidationError

MINOR_DIGITS = 2
MINOR = 10 ** MINOR_DIGITS
QTY_SCALE = 1000
BP_SCALE = 10000

_DECIMAL_RE = re.compile(r"^([+-]?)(\d+)(?:\.(\d+))?$")


def round_half_up(value):
    """Round a Fraction (or int) to the nearest integer, halves away from zero."""
    value = Fraction(value)
    sign = -1 if value < 0 else 1
    magnitude = abs(value)
    whole, rest = divmod(magnitude.numerator, magnitude.denominator)
    if rest * 2 >= magnitude.denominator:
        whole += 1
    return sign * whole


def parse_decimal(text, digits, *, what="number"):
    """Parse ``text`` with at most ``digits`` decimals into an integer scaled by 10**digits."""
    if isinstance(text, bool):
        raise ValidationError(f"invalid {what}: {text!r}")
    if isinstance(text, int):
        return text * 10 ** digits
    if not isinstance(text, str):
        raise ValidationError(f"invalid {what}: {text!r}")
    match = _DECIMAL_RE.match(text.strip())
    if not match:
        raise ValidationError(f"invalid {what}: {text!r}")
    sign, whole, frac = match.groups()
    frac = frac or ""
    if len(frac) > digits:
        raise ValidationError(f"invalid {what}: {text!r} has more than {digits} decimals")
    scaled = int(whole) * 10 ** digits + (int(frac.ljust(digits, "0")) if digits else 0)
    return -scaled if sign == "-" else scaled


def format_decimal(value, digits):
    """Format an integer scaled by 10**digits, e.g. (-5, 2) -> "-0.05"."""
    sign = "-" if value < 0 else ""
    value = abs(int(value))
    if digits == 0:
        return f"{sign}{value}"
    whole, frac = divmod(value, 10 ** digits)
    return f"{sign}{whole}.{frac:0{digits}d}"


def parse_amount(text, *, what="amount", exponent=MINOR_DIGITS):
    """An amount in a currency with ``exponent`` decimals (2 unless said) -> minor units."""
    return parse_decimal(text, exponent, what=what)


def format_amount(minor, exponent=MINOR_DIGITS):
    return format_decimal(minor, exponent)


def parse_quantity(text):
    qty = parse_decimal(text, 3, what="quantity")
    return qty


def format_quantity(milli):
    """Quantities print without trailing zeros: 1500 -> "1.5", 2000 -> "2"."""
    text = format_decimal(milli, 3)
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def parse_percent(text, *, what="percentage"):
    bp = parse_decimal(text, 2, what=what)
    if bp < 0 or bp > BP_SCALE:
        raise ValidationError(f"invalid {what}: {text!r} must be between 0 and 100")
    return bp


def format_percent(bp):
    text = format_decimal(bp, 2)
    return text.rstrip("0").rstrip(".") if "." in text else text


def line_net(quantity_milli, unit_price, discount_bp=0):
    """Net amount of an invoice line: quantity x price less the discount, rounded once."""
    exact = Fraction(quantity_milli * unit_price * (BP_SCALE - discount_bp), QTY_SCALE * BP_SCALE)
    return round_half_up(exact)


def tax_amount(net, tax_bp):
    """Tax on a net amount, rounded half up per line."""
    return round_half_up(Fraction(net * tax_bp, BP_SCALE))


def allocate_proportionally(total, weights):
    """Split ``total`` over ``weights`` so the parts sum to ``total`` (largest remainder)."""
    weights = list(weights)
    if not weights:
        return []
    denominator = sum(weights)
    if denominator == 0:
        parts = [0] * len(weights)
        parts[0] = total
        return parts
    exact = [Fraction(total * w, denominator) for w in weights]
    parts = [int(e) if e >= 0 else -int(-e) for e in exact]
    remainder = total - sum(parts)
    order = sorted(range(len(weights)), key=lambda i: (-(abs(exact[i] - parts[i])), i))
    step = 1 if remainder > 0 else -1
    for i in order[: abs(remainder)]:
        parts[i] += step
    return parts
