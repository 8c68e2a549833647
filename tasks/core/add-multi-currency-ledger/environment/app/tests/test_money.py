from fractions import Fraction

import pytest

from ledgerly import money
from ledgerly.errors import ValidationError


@pytest.mark.parametrize("value,expected", [
    (Fraction(5, 2), 3), (Fraction(-5, 2), -3), (Fraction(7, 3), 2), (Fraction(-7, 3), -2),
    (Fraction(1, 2), 1), (Fraction(-1, 2), -1), (Fraction(49, 100), 0), (0, 0), (7, 7),
])
def test_round_half_up(value, expected):
    assert money.round_half_up(value) == expected


@pytest.mark.parametrize("text,expected", [
    ("12", 1200), ("12.5", 1250), ("12.50", 1250), ("-0.05", -5), ("0", 0), ("+3.1", 310),
    (" 7.25 ", 725), (4, 400),
])
def test_parse_amount(text, expected):
    assert money.parse_amount(text) == expected


@pytest.mark.parametrize("text", ["1.234", "abc", "", "1,5", "1e3", None, True, 1.5, "--1"])
def test_parse_amount_rejects(text):
    with pytest.raises(ValidationError):
        money.parse_amount(text)


@pytest.mark.parametrize("minor,text", [(0, "0.00"), (5, "0.05"), (-5, "-0.05"),
                                        (123456, "1234.56"), (-100, "-1.00")])
def test_format_amount(minor, text):
    assert money.format_amount(minor) == text


def test_format_decimal_digits():
    assert money.format_decimal(1234, 0) == "1234"
    assert money.format_decimal(1234, 3) == "1.234"
    assert money.format_decimal(-7, 3) == "-0.007"
    assert money.parse_decimal("1.5", 3) == 1500
    assert money.parse_decimal("2", 0) == 2
    with pytest.raises(ValidationError):
        money.parse_decimal("2.5", 0)


def test_quantities_and_percent():
    assert money.parse_quantity("1.5") == 1500
    assert money.format_quantity(1500) == "1.5"
    assert money.format_quantity(2000) == "2"
    assert money.format_quantity(1) == "0.001"
    assert money.parse_percent("20") == 2000
    assert money.parse_percent("7.5") == 750
    assert money.format_percent(750) == "7.5"
    assert money.format_percent(2000) == "20"
    with pytest.raises(ValidationError):
        money.parse_percent("101")
    with pytest.raises(ValidationError):
        money.parse_percent("-1")


def test_line_net_and_tax_round_once():
    # 3 x 12.50 less 10% = 33.75 exactly
    assert money.line_net(3000, 1250, 1000) == 3375
    # 0.333 x 1.00 = 0.333 -> 0.33
    assert money.line_net(333, 100) == 33
    # 1.5 x 0.05 = 0.075 -> 0.08 (half up)
    assert money.line_net(1500, 5) == 8
    assert money.tax_amount(3375, 2000) == 675
    assert money.tax_amount(9999, 500) == 500  # 499.95 -> 500
    assert money.tax_amount(-9999, 500) == -500


def test_allocate_proportionally_sums():
    parts = money.allocate_proportionally(100, [1, 1, 1])
    assert sum(parts) == 100 and sorted(parts) == [33, 33, 34]
    assert money.allocate_proportionally(10, [0, 0]) == [10, 0]
    assert money.allocate_proportionally(7, []) == []
    parts = money.allocate_proportionally(-10, [1, 2])
    assert sum(parts) == -10
