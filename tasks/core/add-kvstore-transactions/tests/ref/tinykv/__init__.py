"""tinykv: a small embedded key-value store with an append-only log."""
from .errors import (KVError, CorruptLogError, TransactionError, ConflictError,
                     TransactionClosed)
from .store import KVStore
from .transaction import Transaction

__all__ = ["KVStore", "Transaction", "KVError", "CorruptLogError", "TransactionError",
           "ConflictError", "TransactionClosed"]
