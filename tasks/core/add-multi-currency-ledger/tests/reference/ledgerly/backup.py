"""Online backups with SQLite's backup API, and a restore that checks the schema first."""

import os
import shutil
import sqlite3
import tempfile

from ledgerly.errors import LedgerError
from ledgerly.storage import migrations
from ledgerly.storage.db import Database


def backup(db, destination):
    """Copy the open database to ``destination`` (which must not exist) consistently."""
    if os.path.exists(destination):
        raise LedgerError(f"{destination} already exists", code="exists")
    target = sqlite3.connect(destination)
    try:
        db.conn.backup(target)
    finally:
        target.close()
    return {"backup": destination, "schema_version": migrations.current_version(db),
            "bytes": os.path.getsize(destination)}


def restore(source, db_path):
    """Replace ``db_path`` with ``source`` after checking the source is a ledger database.

    A source at an older schema version is accepted (run ``ledgerly migrate`` afterwards); a
    newer one is refused.
    """
    if not os.path.exists(source):
        raise LedgerError(f"no backup at {source}", code="not_found", status=404)
    with Database(source) as candidate:
        try:
            version = migrations.current_version(candidate)
            check = candidate.scalar("PRAGMA integrity_check")
        except sqlite3.DatabaseError as err:
            raise LedgerError(f"{source} is not a ledger database: {err}",
                              code="invalid_backup") from None
    if version == 0:
        raise LedgerError(f"{source} is not a ledger database", code="invalid_backup")
    if version > migrations.LATEST_VERSION:
        raise LedgerError(f"{source} has schema version {version}, newer than this code",
                          code="schema_too_new")
    if check != "ok":
        raise LedgerError(f"{source} fails SQLite's integrity check: {check}",
                          code="invalid_backup")
    folder = os.path.dirname(os.path.abspath(db_path))
    handle, temporary = tempfile.mkstemp(dir=folder, suffix=".restore")
    os.close(handle)
    shutil.copyfile(source, temporary)
    os.replace(temporary, db_path)
    return {"restored": db_path, "schema_version": version,
            "needs_migration": version < migrations.LATEST_VERSION}
