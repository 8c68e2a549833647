"""Inventory valuation: stock on hand of tracked products at their list price."""

from ledgerly.dates import format_date, parse_date, today
from ledgerly.money import round_half_up
from ledgerly.money import QTY_SCALE
from fractions import Fraction
from ledgerly.reports.base import Column, Report


def inventory_valuation(ledger, as_of=None):
    when = format_date(parse_date(as_of, what="as-of date") if as_of else today())
    rows = []
    for product in ledger.repos.products.list(include_archived=True):
        if not product.track_stock:
            continue
        qty = ledger.repos.stock.on_hand(product.id, when)
        if qty == 0 and product.archived:
            continue
        value = round_half_up(Fraction(qty * product.unit_price, QTY_SCALE))
        rows.append({"sku": product.sku, "name": product.name, "on_hand": qty,
                     "unit_price": product.unit_price, "value": value})
    return Report(
        name="inventory-valuation", title="Inventory valuation",
        params={"as_of": when},
        columns=[Column("sku", "SKU"), Column("name", "Name"),
                 Column("on_hand", "On hand", "quantity"),
                 Column("unit_price", "Unit price", "amount"),
                 Column("value", "Value", "amount")],
        rows=rows, totals={"value": sum(r["value"] for r in rows)})
