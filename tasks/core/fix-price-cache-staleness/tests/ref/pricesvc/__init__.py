from .cache import TTLCache
from .clock import ManualClock, SystemClock
from .repository import PriceRepository, Quote
from .service import PriceService

__all__ = ["TTLCache", "ManualClock", "SystemClock", "PriceRepository", "Quote", "PriceService"]
