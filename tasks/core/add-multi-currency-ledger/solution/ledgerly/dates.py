"""ISO dates (YYYY-MM-DD) as strings at the edges, datetime.date inside."""

import datetime as _dt
import os

from ledgerly.errors import ValidationError


def parse_date(text, *, what="date"):
    if isinstance(text, _dt.date):
        return text
    if not isinstance(text, str):
        raise ValidationError(f"invalid {what}: {text!r}")
    try:
        return _dt.date.fromisoformat(text.strip())
    except ValueError:
        raise ValidationError(f"invalid {what}: {text!r} (expected YYYY-MM-DD)") from None


def format_date(value):
    return None if value is None else value.isoformat()


def today():
    """Today's date; LEDGERLY_TODAY=YYYY-MM-DD pins it (tests, reproducible runs)."""
    pinned = os.environ.get("LEDGERLY_TODAY")
    if pinned:
        return parse_date(pinned, what="LEDGERLY_TODAY")
    return _dt.date.today()


def now_iso():
    """Timestamp for audit entries; pinned to midnight of today() when LEDGERLY_TODAY is set."""
    if os.environ.get("LEDGERLY_TODAY"):
        return today().isoformat() + "T00:00:00"
    return _dt.datetime.now().replace(microsecond=0).isoformat()


def add_days(value, days):
    return value + _dt.timedelta(days=days)


def days_between(start, end):
    """Whole days from ``start`` to ``end`` (negative when end is earlier)."""
    return (end - start).days


def month_bounds(year, month):
    first = _dt.date(year, month, 1)
    if month == 12:
        nxt = _dt.date(year + 1, 1, 1)
    else:
        nxt = _dt.date(year, month + 1, 1)
    return first, nxt - _dt.timedelta(days=1)


def date_range_params(date_from, date_to):
    """Validate an inclusive period; either end may be None (open)."""
    start = parse_date(date_from, what="from date") if date_from else None
    end = parse_date(date_to, what="to date") if date_to else None
    if start and end and start > end:
        raise ValidationError(f"empty period: {start} is after {end}")
    return start, end


def in_period(value, start, end):
    if start and value < start:
        return False
    if end and value > end:
        return False
    return True
