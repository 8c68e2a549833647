from .inventory import Item, load_items, needs_reorder, reorder_quantity, items_to_reorder

__all__ = ["Item", "load_items", "needs_reorder", "reorder_quantity", "items_to_reorder"]
