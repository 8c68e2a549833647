"""Rooms and the hotel."""
from .dates import Stay


class BookingError(Exception):
    pass


class Room:
    def __init__(self, number, rate, beds=2):
        self.number = number
        self.rate = rate
        self.beds = beds
        self.bookings = []          # list of (guest, Stay)

    def is_free(self, stay):
        return not any(stay.overlaps(s) for _, s in self.bookings)

    def book(self, guest, stay):
        if not self.is_free(stay):
            raise BookingError(f"room {self.number} is taken during {stay}")
        self.bookings.append((guest, stay))
        self.bookings.sort(key=lambda b: b[1].check_in)

    def cancel(self, guest, stay):
        self.bookings.remove((guest, stay))


class Hotel:
    def __init__(self, rooms):
        self.rooms = {r.number: r for r in rooms}

    def available(self, stay, beds=1):
        return sorted(n for n, r in self.rooms.items() if r.beds >= beds and r.is_free(stay))

    def book(self, guest, check_in, check_out, beds=1):
        """Book the lowest-numbered free room with enough beds; return its number."""
        stay = Stay(check_in, check_out)
        free = self.available(stay, beds)
        if not free:
            raise BookingError(f"no room with {beds} bed(s) free during {stay}")
        self.rooms[free[0]].book(guest, stay)
        return free[0]
