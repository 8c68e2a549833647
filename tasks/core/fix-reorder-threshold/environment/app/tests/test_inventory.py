from stockkeeper import Item, needs_reorder, reorder_quantity, items_to_reorder


def test_below_level_needs_reorder():
    assert needs_reorder(Item("A1", "bolts", 3, 10))


def test_above_level_is_fine():
    assert not needs_reorder(Item("A2", "nuts", 11, 10))


def test_exactly_at_level_needs_reorder():
    assert needs_reorder(Item("A3", "washers", 10, 10))


def test_reorder_quantity():
    assert reorder_quantity(Item("A1", "bolts", 3, 10)) == 17
    assert reorder_quantity(Item("A2", "nuts", 11, 10)) == 0


def test_zero_level_never_reorders():
    assert not needs_reorder(Item("Z", "samples", 0, 0))


def test_order_of_report():
    items = [Item("B", "b", 5, 10), Item("A", "a", 1, 10), Item("C", "c", 50, 10)]
    assert [i.sku for i in items_to_reorder(items)] == ["A", "B"]
