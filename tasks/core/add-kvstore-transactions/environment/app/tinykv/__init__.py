"""tinykv: a small embedded key-value store with an append-only log."""
from .errors import KVError, CorruptLogError
from .store import KVStore

__all__ = ["KVStore", "KVError", "CorruptLogError"]
