"""The append-only log file."""
import os

from . import codec


class LogFile:
    def __init__(self, path, fsync=False):
        self.path = path
        self.fsync = fsync
        self._fh = None

    def open_and_replay(self):
        """Read every valid record, cut off a torn tail, open for appending.
        Returns the list of decoded records."""
        try:
            with open(self.path, "rb") as fh:
                data = fh.read()
        except FileNotFoundError:
            data = b""
        records, end = codec.decode_all(data)
        if end < len(data):
            with open(self.path, "r+b") as fh:
                fh.truncate(end)
        self._fh = open(self.path, "ab")
        return records

    def append(self, records):
        """Append encoded records with a single write, then flush (and fsync if asked)."""
        blob = b"".join(codec.encode(r) for r in records)
        if not blob:
            return
        self._fh.write(blob)
        self._fh.flush()
        if self.fsync:
            os.fsync(self._fh.fileno())

    def rewrite(self, records):
        """Atomically replace the whole log with `records` (used by compaction)."""
        tmp = self.path + ".compact"
        with open(tmp, "wb") as fh:
            fh.write(b"".join(codec.encode(r) for r in records))
            fh.flush()
            os.fsync(fh.fileno())
        self._fh.close()
        os.replace(tmp, self.path)
        self._fh = open(self.path, "ab")

    def size(self):
        return os.path.getsize(self.path)

    def close(self):
        if self._fh is not None:
            self._fh.close()
            self._fh = None
