#!/usr/bin/env python3
"""Log-structured key-value store (reference solution).

On disk: one active segment file seg-<N>.log, an append-only log of
checksummed records.  The in-memory index maps key -> (offset, length) of the
value in the segment, so values are never cached in memory.  A crash can only
leave a torn record at the end of the log, which recovery detects (length /
CRC) and truncates.  Compaction writes a new segment N+1 under a temporary
name, fsyncs, renames it into place (the commit point) and deletes segment N.
"""
import bisect
import os
import struct
import sys
import zlib

HDR = struct.Struct("<II")          # crc32, payload length
U32 = struct.Struct("<I")
OP_PUT, OP_DEL, OP_BATCH = 1, 2, 3
MAX_KEY = 1024
MAX_VALUE = 4 * 1024 * 1024
MAX_BATCH = 10000


class KVError(Exception):
    pass


def seg_name(n):
    return "seg-%08d.log" % n


class Store:
    def __init__(self, directory):
        self.dir = directory
        os.makedirs(directory, exist_ok=True)
        segs = []
        for name in os.listdir(directory):
            if name.startswith("seg-") and name.endswith(".log"):
                segs.append(int(name[4:-4]))
        for name in os.listdir(directory):
            if name.endswith(".tmp"):
                os.unlink(os.path.join(directory, name))
        self.seq = max(segs) if segs else 1
        for n in segs:
            if n != self.seq:
                os.unlink(os.path.join(directory, seg_name(n)))
        self.path = os.path.join(directory, seg_name(self.seq))
        self.fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        self.index = {}
        self.keys = []          # sorted list of live keys
        self.live_bytes = 0
        self._recover()

    # ------------------------------------------------------------ recovery
    def _recover(self):
        size = os.fstat(self.fd).st_size
        pos = 0
        with open(self.path, "rb", buffering=1 << 20) as f:
            while pos + HDR.size <= size:
                f.seek(pos)
                hdr = f.read(HDR.size)
                crc, length = HDR.unpack(hdr)
                if pos + HDR.size + length > size:
                    break
                payload = f.read(length)
                if zlib.crc32(hdr[4:] + payload) != crc:
                    break
                self._apply_payload(payload, pos + HDR.size)
                pos += HDR.size + length
        if pos != size:
            os.ftruncate(self.fd, pos)      # drop a torn tail
        self.end = pos
        self.keys = sorted(self.index)

    def _apply_payload(self, payload, base, live=True):
        op = payload[0]
        if op == OP_BATCH:
            (count,) = U32.unpack_from(payload, 1)
            p = 5
            for _ in range(count):
                sub = payload[p]
                klen, vlen = struct.unpack_from("<II", payload, p + 1)
                p += 9
                key = payload[p:p + klen]
                p += klen
                if sub == OP_PUT:
                    self._set(key, base + p, vlen, live)
                else:
                    self._unset(key, live)
                p += vlen
        else:
            klen, vlen = struct.unpack_from("<II", payload, 1)
            key = payload[9:9 + klen]
            if op == OP_PUT:
                self._set(key, base + 9 + klen, vlen, live)
            else:
                self._unset(key, live)

    def _set(self, key, off, vlen, live):
        old = self.index.get(key)
        if old is not None:
            self.live_bytes -= len(key) + old[1]
        elif live:
            bisect.insort(self.keys, key)
        self.index[key] = (off, vlen)
        self.live_bytes += len(key) + vlen

    def _unset(self, key, live):
        old = self.index.pop(key, None)
        if old is not None:
            self.live_bytes -= len(key) + old[1]
            if live:
                i = bisect.bisect_left(self.keys, key)
                del self.keys[i]
        return old is not None

    # ------------------------------------------------------------ writing
    @staticmethod
    def _entry(op, key, value=b""):
        return bytes([op]) + struct.pack("<II", len(key), len(value)) + key + value

    def _append(self, payload):
        body = U32.pack(len(payload)) + payload
        rec = U32.pack(zlib.crc32(body)) + body
        base = self.end + HDR.size
        view = memoryview(rec)
        written = 0
        while written < len(rec):
            written += os.pwrite(self.fd, view[written:], self.end + written)
        self.end += len(rec)
        return base

    def put(self, key, value):
        payload = self._entry(OP_PUT, key, value)
        base = self._append(payload)
        self._set(key, base + 9 + len(key), len(value), True)

    def delete(self, key):
        if key not in self.index:
            return False
        self._append(self._entry(OP_DEL, key))
        self._unset(key, True)
        return True

    def batch(self, ops):
        payload = bytes([OP_BATCH]) + U32.pack(len(ops)) + b"".join(
            self._entry(op, k, v) for op, k, v in ops)
        base = self._append(payload)
        self._apply_payload(payload, base)

    def get(self, key):
        loc = self.index.get(key)
        if loc is None:
            return None
        return os.pread(self.fd, loc[1], loc[0])

    def scan(self, start, end, limit):
        i = 0 if start is None else bisect.bisect_left(self.keys, start)
        while i < len(self.keys):
            key = self.keys[i]
            if end is not None and key >= end:
                break
            yield key, self.get(key)
            i += 1
            limit -= 1
            if limit == 0:
                break

    # ------------------------------------------------------------ compaction
    def compact(self):
        new_seq = self.seq + 1
        tmp = os.path.join(self.dir, seg_name(new_seq) + ".tmp")
        fd = os.open(tmp, os.O_RDWR | os.O_CREAT | os.O_TRUNC, 0o644)
        new_index = {}
        pos = 0
        chunk = []
        chunk_size = 0
        for key in self.keys:
            value = self.get(key)
            payload = self._entry(OP_PUT, key, value)
            body = U32.pack(len(payload)) + payload
            rec = U32.pack(zlib.crc32(body)) + body
            new_index[key] = (pos + HDR.size + 9 + len(key), len(value))
            pos += len(rec)
            chunk.append(rec)
            chunk_size += len(rec)
            if chunk_size > (1 << 20):
                os.write(fd, b"".join(chunk))
                chunk, chunk_size = [], 0
        if chunk:
            os.write(fd, b"".join(chunk))
        os.fsync(fd)
        final = os.path.join(self.dir, seg_name(new_seq))
        os.rename(tmp, final)           # commit point
        dfd = os.open(self.dir, os.O_RDONLY)
        try:
            os.fsync(dfd)
        finally:
            os.close(dfd)
        os.close(self.fd)
        os.unlink(self.path)
        self.seq, self.path, self.fd = new_seq, final, fd
        self.index = new_index
        self.end = pos


# ---------------------------------------------------------------- protocol
def unhex(token, what, max_len, allow_empty=False):
    if len(token) % 2:
        raise KVError("bad hex in " + what)
    try:
        data = bytes.fromhex(token)
    except ValueError:
        raise KVError("bad hex in " + what)
    if (not data and not allow_empty) or len(data) > max_len:
        raise KVError("bad %s length" % what)
    if any(c in token for c in " \t"):
        raise KVError("bad hex in " + what)
    return data


def parse_mutation(parts):
    if parts[0] == "PUT" and len(parts) == 3:
        return (OP_PUT, unhex(parts[1], "key", MAX_KEY), unhex(parts[2], "value", MAX_VALUE))
    if parts[0] == "DEL" and len(parts) == 2:
        return (OP_DEL, unhex(parts[1], "key", MAX_KEY), b"")
    raise KVError("expected PUT or DEL")


def main():
    if len(sys.argv) != 2:
        sys.stderr.write("usage: kv DIR\n")
        return 2
    store = Store(sys.argv[1])
    rd = sys.stdin.buffer
    out = sys.stdout.buffer

    def reply(text):
        out.write(text.encode() + b"\n")
        out.flush()

    while True:
        line = rd.readline()
        if not line:
            break
        parts = line.decode("ascii", "replace").rstrip("\r\n").split(" ")
        cmd = parts[0]
        try:
            if cmd in ("PUT", "DEL") and len(parts) == (3 if cmd == "PUT" else 2):
                op, key, value = parse_mutation(parts)
                if op == OP_PUT:
                    store.put(key, value)
                    reply("OK")
                else:
                    reply("OK 1" if store.delete(key) else "OK 0")
            elif cmd == "GET" and len(parts) == 2:
                value = store.get(unhex(parts[1], "key", MAX_KEY))
                reply("NOTFOUND" if value is None else "VALUE " + value.hex())
            elif cmd == "BATCH" and len(parts) == 2:
                try:
                    n = int(parts[1])
                except ValueError:
                    raise KVError("bad batch size")
                if not 1 <= n <= MAX_BATCH or not parts[1].isdigit():
                    raise KVError("bad batch size")
                ops, error = [], None
                for _ in range(n):
                    sub = rd.readline().decode("ascii", "replace").rstrip("\r\n").split(" ")
                    try:
                        ops.append(parse_mutation(sub))
                    except KVError as e:
                        error = error or e
                if error:
                    raise error
                store.batch(ops)
                reply("OK")
            elif cmd == "SCAN" and len(parts) == 4:
                start = None if parts[1] == "-" else unhex(parts[1], "start", MAX_KEY)
                end = None if parts[2] == "-" else unhex(parts[2], "end", MAX_KEY)
                if not parts[3].isdigit():
                    raise KVError("bad limit")
                chunks = ["KV %s %s\n" % (k.hex(), v.hex()) for k, v in store.scan(start, end, int(parts[3]))]
                out.write(("".join(chunks) + "END\n").encode())
                out.flush()
            elif cmd == "COUNT" and len(parts) == 1:
                reply("COUNT %d" % len(store.index))
            elif cmd == "COMPACT" and len(parts) == 1:
                store.compact()
                reply("OK")
            elif cmd == "QUIT" and len(parts) == 1:
                reply("BYE")
                break
            else:
                raise KVError("unknown command or wrong number of arguments")
        except KVError as e:
            reply("ERR " + str(e))
    return 0


if __name__ == "__main__":
    sys.exit(main())
