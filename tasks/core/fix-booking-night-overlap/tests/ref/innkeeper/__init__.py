from .dates import Stay, parse_stay
from .rooms import Room, Hotel, BookingError
from .billing import invoice_total
from .report import occupancy

__all__ = ["Stay", "parse_stay", "Room", "Hotel", "BookingError", "invoice_total", "occupancy"]
