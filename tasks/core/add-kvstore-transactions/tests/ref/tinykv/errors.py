class KVError(Exception):
    """Base class of tinykv errors."""


class CorruptLogError(KVError):
    """The log file is damaged before its last record (not just a torn tail)."""


class TransactionError(KVError):
    """Misuse of a transaction."""


class ConflictError(TransactionError):
    """A commit failed validation."""


class TransactionClosed(TransactionError):
    """Operation on a transaction that is no longer active."""
