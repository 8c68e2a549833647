"""Inventory records and reorder rules."""
import csv
from dataclasses import dataclass


@dataclass(frozen=True)
class Item:
    sku: str
    name: str
    quantity: int
    reorder_level: int


def load_items(path):
    """Load items from a CSV file with columns sku,name,quantity,reorder_level."""
    items = []
    with open(path, newline="") as fh:
        for row in csv.DictReader(fh):
            items.append(Item(row["sku"].strip(), row["name"].strip(),
                              int(row["quantity"]), int(row["reorder_level"])))
    return items


def needs_reorder(item):
    """True when the quantity on hand is at or below the reorder level."""
    if item.reorder_level <= 0:
        return False
    return item.quantity <= item.reorder_level


def reorder_quantity(item):
    """How many units to order to bring stock back up to twice the reorder level."""
    if not needs_reorder(item):
        return 0
    return item.reorder_level * 2 - item.quantity


def items_to_reorder(items):
    """Items needing a reorder, most urgent (lowest quantity/level ratio) first."""
    due = [it for it in items if needs_reorder(it)]
    return sorted(due, key=lambda it: (it.quantity / it.reorder_level, it.sku))
