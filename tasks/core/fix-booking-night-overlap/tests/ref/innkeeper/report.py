"""Occupancy per calendar day."""
from datetime import timedelta

from .dates import to_date


def occupancy(hotel, first_day, last_day):
    """Map each date from first_day to last_day (inclusive) to the sorted room numbers
    occupied on that night."""
    first_day, last_day = to_date(first_day), to_date(last_day)
    out = {}
    day = first_day
    while day <= last_day:
        out[day] = []
        day += timedelta(days=1)
    for number, room in hotel.rooms.items():
        for _, stay in room.bookings:
            for night in stay.nights():
                if night in out:
                    out[night].append(number)
    for day in out:
        out[day].sort()
    return out
