"""The audit log: who did what to which entity, with a small JSON detail."""

from ledgerly.dates import now_iso
from ledgerly.storage.repositories import AuditRepository


class AuditLog:
    def __init__(self, db, actor):
        self.repo = AuditRepository(db)
        self.actor = actor

    def record(self, action, entity, entity_id, **detail):
        return self.repo.add(now_iso(), self.actor.username, action, entity, entity_id, detail)

    def entries(self, **filters):
        return self.repo.list(**filters)
