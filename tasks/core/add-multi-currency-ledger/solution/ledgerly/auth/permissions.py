"""Roles and permissions.

Every service operation names the permission it needs; an :class:`Actor` carries a role. The
command line acts as the built-in ``system`` actor (role ``admin``) unless ``--as USER`` is given;
the HTTP API authenticates every request by bearer token.
"""

from dataclasses import dataclass

from ledgerly.errors import PermissionDenied

ROLES = ("admin", "accountant", "clerk", "viewer")

PERMISSIONS = {
    "settings.write": {"admin"},
    "user.read": {"admin"},
    "user.write": {"admin"},
    "customer.read": {"admin", "accountant", "clerk", "viewer"},
    "customer.write": {"admin", "accountant", "clerk"},
    "product.read": {"admin", "accountant", "clerk", "viewer"},
    "product.write": {"admin", "accountant", "clerk"},
    "stock.write": {"admin", "clerk"},
    "tax.write": {"admin", "accountant"},
    "currency.read": {"admin", "accountant", "clerk", "viewer"},
    "currency.write": {"admin", "accountant"},
    "invoice.read": {"admin", "accountant", "clerk", "viewer"},
    "invoice.write": {"admin", "accountant", "clerk"},
    "invoice.issue": {"admin", "accountant"},
    "invoice.void": {"admin", "accountant"},
    "payment.read": {"admin", "accountant", "viewer"},
    "payment.write": {"admin", "accountant"},
    "report.read": {"admin", "accountant", "viewer"},
    "audit.read": {"admin"},
    "import.run": {"admin"},
    "export.run": {"admin", "accountant"},
}


@dataclass(frozen=True)
class Actor:
    username: str
    role: str

    def can(self, permission):
        allowed = PERMISSIONS.get(permission)
        if allowed is None:
            raise KeyError(f"unknown permission {permission!r}")
        return self.role in allowed


SYSTEM = Actor("system", "admin")


def require(actor, permission):
    if not actor.can(permission):
        raise PermissionDenied(
            f"{actor.username} ({actor.role}) may not {permission.replace('.', ' ')}",
            details={"permission": permission})
