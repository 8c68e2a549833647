from ledgerly.auth.permissions import Actor, ROLES, SYSTEM, require  # noqa: F401
