"""A line-oriented shell over a store: python3 -m tinykv DBFILE

One command per input line, one response line per command:

    SET key <json>     -> OK
    GET key            -> <json> | (nil)
    DEL key            -> 1 | 0
    KEYS [prefix]      -> JSON array of keys (sorted)
    COMPACT            -> OK
    QUIT               -> (stops; end of input does the same)

Keys are single words. Errors answer `ERR <message>`. Command words are case-insensitive.
"""
import json
import sys

from .errors import KVError
from .store import KVStore


class Session:
    def __init__(self, store):
        self.store = store

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
        except KVError as e:
            return f"ERR {e}"

    def cmd_set(self, args):
        if len(args) != 2:
            return "ERR usage: SET key json"
        try:
            value = json.loads(args[1])
        except ValueError:
            return "ERR invalid json"
        self.store.set(args[0], value)
        return "OK"

    def cmd_get(self, args):
        if len(args) != 1:
            return "ERR usage: GET key"
        missing = object()
        v = self.store.get(args[0], missing)
        return "(nil)" if v is missing else json.dumps(v, ensure_ascii=False)

    def cmd_del(self, args):
        if len(args) != 1:
            return "ERR usage: DEL key"
        return "1" if self.store.delete(args[0]) else "0"

    def cmd_keys(self, args):
        return json.dumps(self.store.keys(args[0] if args else ""), ensure_ascii=False)

    def cmd_compact(self, args):
        self.store.compact()
        return "OK"


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
