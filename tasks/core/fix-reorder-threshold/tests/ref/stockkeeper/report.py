"""Plain-text reorder report."""
from .inventory import items_to_reorder, reorder_quantity


def render(items):
    due = items_to_reorder(items)
    if not due:
        return "Nothing to reorder.\n"
    lines = ["SKU       QTY  LEVEL  ORDER  NAME"]
    for it in due:
        lines.append(f"{it.sku:<8} {it.quantity:>4} {it.reorder_level:>6} "
                     f"{reorder_quantity(it):>6}  {it.name}")
    lines.append(f"{len(due)} item(s) to reorder.")
    return "\n".join(lines) + "\n"
