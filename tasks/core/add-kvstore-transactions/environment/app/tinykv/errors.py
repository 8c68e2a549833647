class KVError(Exception):
    """Base class of tinykv errors."""


class CorruptLogError(KVError):
    """The log file is damaged before its last record (not just a torn tail)."""
