"""Stays and date helpers."""
from dataclasses import dataclass
from datetime import date, timedelta


def to_date(value):
    if isinstance(value, date):
        return value
    return date.fromisoformat(value)


@dataclass(frozen=True)
class Stay:
    check_in: date
    check_out: date

    def __post_init__(self):
        object.__setattr__(self, "check_in", to_date(self.check_in))
        object.__setattr__(self, "check_out", to_date(self.check_out))
        if self.check_out <= self.check_in:
            raise ValueError("a stay must last at least one night")

    def nights(self):
        """The dates of the nights spent (one entry per night)."""
        span = (self.check_out - self.check_in).days
        return [self.check_in + timedelta(days=i) for i in range(span)]

    def overlaps(self, other):
        """True when the two stays share at least one night."""
        return bool(set(self.nights()) & set(other.nights()))

    def __str__(self):
        return f"{self.check_in.isoformat()}..{self.check_out.isoformat()}"


def parse_stay(text):
    """Parse 'YYYY-MM-DD..YYYY-MM-DD'."""
    try:
        a, b = text.split("..")
    except ValueError:
        raise ValueError(f"bad stay: {text!r}") from None
    return Stay(a.strip(), b.strip())
