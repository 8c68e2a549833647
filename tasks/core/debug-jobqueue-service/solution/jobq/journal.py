"""Durable state: an append-only journal of JSON records, compacted into a snapshot now and then.

The data directory holds ``journal.jsonl``. Its first record may be a ``snapshot`` (the whole
state at the time of the last compaction); every later record is one change. On start the
broker replays the file to rebuild its state (see ``store.JobStore.replay``).

Record types (field ``t``):

- ``snapshot``: ``jobs`` (list of job dicts), ``next_seq``
- ``submit``:   a new job (its dict)
- ``lease``:    ``id``, ``attempt``, ``worker``
- ``ack``:      ``id``, ``result``
- ``fail``:     ``id``, ``error``, ``dead`` (bool), ``delay_ms``
- ``expire``:   ``id``, ``reason``, ``dead`` (bool)
- ``cancel``:   ``id``
"""

import json
import os
import threading

JOURNAL_NAME = "journal.jsonl"


class JournalCorrupt(Exception):
    pass


class Journal:
    """Appends records to ``<data_dir>/journal.jsonl``; thread-safe."""

    def __init__(self, data_dir, *, fsync=False, compact_every=5000):
        self.data_dir = data_dir
        self.path = os.path.join(data_dir, JOURNAL_NAME)
        self.fsync = fsync
        self.compact_every = compact_every
        self._lock = threading.Lock()
        self._file = None
        self._since_compaction = 0
        self.compaction_wanted = threading.Event()
        self.compactions = 0
        os.makedirs(data_dir, exist_ok=True)

    # -- reading -------------------------------------------------------------------------

    def records(self):
        """Every record in the journal, in order. A torn last line (a crash mid-write) is
        ignored; a bad line elsewhere is corruption."""
        if not os.path.exists(self.path):
            return []
        with open(self.path, "rb") as f:
            lines = f.read().split(b"\n")
        out = []
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                out.append(json.loads(line))
            except ValueError:
                if number >= len(lines) - 1:
                    break  # torn tail
                raise JournalCorrupt(f"{self.path}:{number}: unreadable record") from None
        return out

    # -- writing -------------------------------------------------------------------------

    def open(self):
        with self._lock:
            self._file = open(self.path, "ab")
            self._truncate_torn_tail()

    def _truncate_torn_tail(self):
        size = os.path.getsize(self.path)
        if size == 0:
            return
        with open(self.path, "rb") as f:
            data = f.read()
        if data.endswith(b"\n"):
            return
        keep = data.rfind(b"\n") + 1
        self._file.truncate(keep)

    def append(self, record):
        line = (json.dumps(record, separators=(",", ":")) + "\n").encode()
        with self._lock:
            if self._file is None:
                raise RuntimeError("journal is not open")
            self._file.write(line)
            self._file.flush()
            if self.fsync:
                os.fsync(self._file.fileno())
            self._since_compaction += 1
            if self.compact_every and self._since_compaction >= self.compact_every:
                self.compaction_wanted.set()

    def compact(self, snapshot):
        """Replace the journal with one ``snapshot`` record. The caller must make sure no
        other record is appended while this runs (see ``JobStore.compact``)."""
        tmp = self.path + ".tmp"
        with self._lock:
            with open(tmp, "wb") as out:
                out.write((json.dumps(snapshot, separators=(",", ":")) + "\n").encode())
                out.flush()
                os.fsync(out.fileno())
            self._file.close()
            os.replace(tmp, self.path)
            self._file = open(self.path, "ab")
            self._since_compaction = 0
            self.compaction_wanted.clear()
            self.compactions += 1

    def close(self):
        with self._lock:
            if self._file is not None:
                self._file.flush()
                if self.fsync:
                    os.fsync(self._file.fileno())
                self._file.close()
                self._file = None
