"""A line-oriented shell over a store: python3 -m tinykv DBFILE

One command per input line, one response line per command:

    SET key <json>     -> OK
    GET key            -> <json> | (nil)
    DEL key            -> 1 | 0
    KEYS [prefix]      -> JSON array of keys (sorted)
    COMPACT            -> OK
    BEGIN [SERIALIZABLE] / COMMIT / ROLLBACK
    SAVEPOINT name / ROLLBACK TO name / RELEASE name
    QUIT               -> (stops; end of input does the same)

Keys are single words. Errors answer `ERR <message>`. Command words are case-insensitive.
"""
import json
import sys

from .errors import KVError, ConflictError, TransactionError
from .store import KVStore


class Session:
    def __init__(self, store):
        self.store = store
        self.tx = None

    @property
    def db(self):
        return self.tx if self.tx is not None else self.store

    def close(self):
        if self.tx is not None:
            self.tx.rollback()
            self.tx = None

    def handle(self, line):
        parts = line.strip().split(None, 2)
        if not parts:
            return None
        cmd = parts[0].upper()
        args = parts[1:]
        try:
            handler = getattr(self, "cmd_" + cmd.lower(), None)
            if handler is None:
                return f"ERR unknown command {parts[0]}"
            return handler(args)
        except ConflictError:
            return "ERR conflict"
        except KVError as e:
            return f"ERR {e}"

    def cmd_set(self, args):
        if len(args) != 2:
            return "ERR usage: SET key json"
        try:
            value = json.loads(args[1])
        except ValueError:
            return "ERR invalid json"
        self.db.set(args[0], value)
        return "OK"

    def cmd_get(self, args):
        if len(args) != 1:
            return "ERR usage: GET key"
        missing = object()
        v = self.db.get(args[0], missing)
        return "(nil)" if v is missing else json.dumps(v, ensure_ascii=False)

    def cmd_del(self, args):
        if len(args) != 1:
            return "ERR usage: DEL key"
        return "1" if self.db.delete(args[0]) else "0"

    def cmd_keys(self, args):
        return json.dumps(self.db.keys(args[0] if args else ""), ensure_ascii=False)

    def cmd_compact(self, args):
        if self.tx is not None:
            return "ERR transaction open"
        self.store.compact()
        return "OK"

    def cmd_begin(self, args):
        if self.tx is not None:
            return "ERR transaction already open"
        if args and args[0].upper() == "SERIALIZABLE" and len(args) == 1:
            self.tx = self.store.begin("serializable")
        elif not args:
            self.tx = self.store.begin()
        else:
            return "ERR usage: BEGIN [SERIALIZABLE]"
        return "OK"

    def cmd_commit(self, args):
        if self.tx is None:
            return "ERR no transaction"
        tx, self.tx = self.tx, None
        tx.commit()
        return "OK"

    def cmd_rollback(self, args):
        if self.tx is None:
            return "ERR no transaction"
        if args and args[0].upper() == "TO":
            if len(args) != 2:
                return "ERR usage: ROLLBACK TO name"
            return self._savepoint_op(self.tx.rollback_to, args[1])
        tx, self.tx = self.tx, None
        tx.rollback()
        return "OK"

    def _savepoint_op(self, fn, name):
        try:
            fn(name)
        except TransactionError as e:
            return "ERR savepoint exists" if "exists" in str(e) else "ERR no such savepoint"
        return "OK"

    def cmd_savepoint(self, args):
        if self.tx is None:
            return "ERR no transaction"
        if len(args) != 1:
            return "ERR usage: SAVEPOINT name"
        return self._savepoint_op(self.tx.savepoint, args[0])

    def cmd_release(self, args):
        if self.tx is None:
            return "ERR no transaction"
        if len(args) != 1:
            return "ERR usage: RELEASE name"
        return self._savepoint_op(self.tx.release, args[0])


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 1:
        print("usage: python3 -m tinykv DBFILE", file=sys.stderr)
        return 2
    with KVStore(argv[0]) as store:
        session = Session(store)
        for line in sys.stdin:
            if line.strip().upper() == "QUIT":
                break
            out = session.handle(line)
            if out is not None:
                print(out, flush=True)
        session_close = getattr(session, "close", None)
        if session_close:
            session_close()
    return 0
