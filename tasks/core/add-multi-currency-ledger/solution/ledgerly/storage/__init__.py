from ledgerly.storage.db import Database  # noqa: F401
