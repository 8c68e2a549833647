"""Ledgerly: a small invoicing, payments and inventory ledger.

Layers, from the bottom up:

* ``ledgerly.money`` / ``ledgerly.dates``: value parsing, formatting and rounding helpers.
* ``ledgerly.domain``: plain dataclasses and the pure invoice arithmetic.
* ``ledgerly.storage``: SQLite access, the hand-rolled migration system and repositories.
* ``ledgerly.services``: business operations, permission checks and audit logging.
* ``ledgerly.reports``: read-only reports and their renderers.
* ``ledgerly.io``: CSV import and JSON/CSV export.
* ``ledgerly.api`` / ``ledgerly.cli``: the HTTP JSON API and the command line.
"""

__version__ = "1.5.0"

from ledgerly.app import Ledger  # noqa: E402,F401
