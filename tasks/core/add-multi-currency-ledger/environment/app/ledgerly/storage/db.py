"""SQLite access: one connection, explicit transactions, nested via savepoints."""

import contextlib
import os
import sqlite3

from ledgerly.errors import SchemaError


class Database:
    """A ledger database file.

    The connection runs in autocommit mode (``isolation_level=None``); :meth:`transaction` opens
    ``BEGIN IMMEDIATE`` at the outermost level and a savepoint inside, so a service method can
    call another one and still roll back as a whole.
    """

    def __init__(self, path, *, must_exist=False):
        self.path = str(path)
        if must_exist and self.path != ":memory:" and not os.path.exists(self.path):
            raise SchemaError(f"no ledger database at {self.path} (run `ledgerly init`)",
                              code="no_database")
        self.conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        self.conn.row_factory = sqlite3.Row
        self.conn.execute("PRAGMA foreign_keys = ON")
        self._depth = 0
        self._savepoint_seq = 0

    def close(self):
        self.conn.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    @contextlib.contextmanager
    def transaction(self):
        if self._depth == 0:
            self.conn.execute("BEGIN IMMEDIATE")
            self._depth += 1
            try:
                yield self
            except BaseException:
                self._depth -= 1
                self.conn.execute("ROLLBACK")
                raise
            else:
                self._depth -= 1
                self.conn.execute("COMMIT")
        else:
            self._savepoint_seq += 1
            name = f"sp{self._savepoint_seq}"
            self.conn.execute(f"SAVEPOINT {name}")
            self._depth += 1
            try:
                yield self
            except BaseException:
                self._depth -= 1
                self.conn.execute(f"ROLLBACK TO {name}")
                self.conn.execute(f"RELEASE {name}")
                raise
            else:
                self._depth -= 1
                self.conn.execute(f"RELEASE {name}")

    @property
    def in_transaction(self):
        return self._depth > 0

    def execute(self, sql, params=()):
        return self.conn.execute(sql, params)

    def executemany(self, sql, rows):
        return self.conn.executemany(sql, rows)

    def query(self, sql, params=()):
        return self.conn.execute(sql, params).fetchall()

    def query_one(self, sql, params=()):
        return self.conn.execute(sql, params).fetchone()

    def scalar(self, sql, params=(), default=None):
        row = self.conn.execute(sql, params).fetchone()
        if row is None or row[0] is None:
            return default
        return row[0]

    def table_exists(self, name):
        return self.scalar(
            "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)) > 0

    def columns(self, table):
        return [row["name"] for row in self.query(f"PRAGMA table_info({table})")]
