"""Error hierarchy shared by every layer.

Every error the ledger raises on purpose is a :class:`LedgerError` with a stable, machine-readable
``code`` (used by the API's error bodies and the CLI's messages) and an HTTP ``status``.
"""


class LedgerError(Exception):
    """Base class: a domain error with a stable code and an HTTP status."""

    code = "ledger_error"
    status = 400

    def __init__(self, message, *, code=None, status=None, details=None):
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        if status is not None:
            self.status = status
        self.details = details or {}

    def to_dict(self):
        body = {"code": self.code, "message": self.message}
        if self.details:
            body["details"] = self.details
        return body

    def __str__(self):
        return self.message


class ValidationError(LedgerError):
    """Input that can never be accepted (bad format, out of range)."""

    code = "invalid"
    status = 400


class NotFound(LedgerError):
    code = "not_found"
    status = 404


class Conflict(LedgerError):
    """The request is well formed but the current state forbids it."""

    code = "conflict"
    status = 409


class PermissionDenied(LedgerError):
    code = "forbidden"
    status = 403


class AuthenticationRequired(LedgerError):
    code = "unauthorized"
    status = 401


class SchemaError(LedgerError):
    """The database schema is missing, too old or too new for this code."""

    code = "schema"
    status = 500


class MigrationError(SchemaError):
    code = "migration_failed"


def not_found(kind, key):
    return NotFound(f"{kind} {key!r} not found", code=f"{kind}_not_found")
