"""Pure invoice arithmetic: a line's net and tax, an invoice's totals.

Rounding happens per line: ``net = round(qty x price x (1 - discount))`` and
``tax = round(net x rate)``, both half away from zero in minor units. Invoice totals are the sums
of the rounded line values, so a report summing lines always agrees with invoice totals.
"""

from dataclasses import dataclass

from ledgerly.money import line_net, tax_amount


@dataclass(frozen=True)
class LineAmounts:
    net: int
    tax: int


@dataclass(frozen=True)
class Totals:
    subtotal: int
    tax_total: int
    total: int


def compute_line(quantity_milli, unit_price, discount_bp, tax_bp):
    net = line_net(quantity_milli, unit_price, discount_bp)
    return LineAmounts(net=net, tax=tax_amount(net, tax_bp))


def compute_totals(lines):
    subtotal = sum(line.net for line in lines)
    tax_total = sum(line.tax for line in lines)
    return Totals(subtotal=subtotal, tax_total=tax_total, total=subtotal + tax_total)


def tax_breakdown(lines):
    """{tax_code: (tax_bp, net, tax)} over ``lines``, codes in first-seen order."""
    out = {}
    for line in lines:
        bp, net, tax = out.get(line.tax_code, (line.tax_bp, 0, 0))
        out[line.tax_code] = (bp, net + line.net, tax + line.tax)
    return out
