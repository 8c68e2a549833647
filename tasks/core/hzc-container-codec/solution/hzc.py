#!/usr/bin/env python3
"""HZC container codec (reference). Usage: hzc.py decode IN.hzc OUT.json | hzc.py encode IN.json OUT.hzc"""
import base64, json, struct, sys, zlib

MAGIC = b"HZC\x1a"
METHODS = {"stored": 0, "rle": 1, "lz": 2}
METHOD_NAMES = {v: k for k, v in METHODS.items()}
COLTYPES = {"int": b"i"[0], "float": b"f"[0], "str": b"s"[0]}
COLTYPE_NAMES = {v: k for k, v in COLTYPES.items()}
TYPES = {"meta": 1, "blob": 2, "table": 3, "link": 4}


class Corrupt(Exception):
    pass


# ---------------- primitives ----------------

def varint(n):
    if n < 0:
        raise ValueError("negative varint")
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def zz(n):
    return (n << 1) if n >= 0 else ((-n << 1) - 1)


def unzz(n):
    return (n >> 1) if not n & 1 else -((n + 1) >> 1)


class Reader:
    def __init__(self, data, pos=0, end=None):
        self.d = data
        self.p = pos
        self.end = len(data) if end is None else end

    def take(self, n):
        if n < 0 or self.p + n > self.end:
            raise Corrupt("truncated")
        b = self.d[self.p:self.p + n]
        self.p += n
        return b

    def u8(self):
        return self.take(1)[0]

    def varint(self):
        n = shift = 0
        while True:
            b = self.u8()
            n |= (b & 0x7F) << shift
            shift += 7
            if not b & 0x80:
                return n
            if shift > 70:
                raise Corrupt("varint too long")


# ---------------- compression ----------------

def rle_compress(data):
    out = bytearray()
    lit = bytearray()
    i, n = 0, len(data)
    def flush():
        if lit:
            out.append(len(lit) - 1)
            out.extend(lit)
            lit.clear()
    while i < n:
        r = 1
        while i + r < n and r < 130 and data[i + r] == data[i]:
            r += 1
        if r >= 3:
            flush()
            out.append(0x80 + r - 3)
            out.append(data[i])
            i += r
        else:
            lit.append(data[i])
            i += 1
            if len(lit) == 128:
                flush()
    flush()
    return bytes(out)


def rle_decompress(payload, raw_len):
    out = bytearray()
    r = Reader(payload)
    while r.p < len(payload):
        c = r.u8()
        if c < 128:
            out.extend(r.take(c + 1))
        else:
            out.extend(bytes([r.u8()]) * (c - 128 + 3))
    if len(out) != raw_len:
        raise Corrupt("rle length")
    return bytes(out)


def lz_compress(data):
    n = len(data)
    out = bytearray()
    heads = {}
    tokens = []
    i = 0
    def insert(pos):
        if pos + 3 <= n:
            heads.setdefault(data[pos:pos + 3], []).append(pos)
    while i < n:
        best_len, best_dist = 0, 0
        if i + 3 <= n:
            cands = heads.get(data[i:i + 3], ())
            for j in reversed(cands):
                dist = i - j
                if dist > 4096:
                    break
                l = 3
                lim = min(18, n - i)
                while l < lim and data[j + l] == data[i + l]:
                    l += 1
                if l > best_len:
                    best_len, best_dist = l, dist
                    if l == lim:
                        break
        if best_len >= 3:
            tokens.append((best_dist, best_len))
            for k in range(best_len):
                insert(i + k)
            i += best_len
        else:
            tokens.append(data[i])
            insert(i)
            i += 1
    for g in range(0, len(tokens), 8):
        group = tokens[g:g + 8]
        flags = 0
        body = bytearray()
        for b, t in enumerate(group):
            if isinstance(t, tuple):
                flags |= 1 << b
                body += struct.pack("<H", ((t[0] - 1) << 4) | (t[1] - 3))
            else:
                body.append(t)
        out.append(flags)
        out += body
    return bytes(out)


def lz_decompress(payload, raw_len):
    out = bytearray()
    r = Reader(payload)
    while len(out) < raw_len:
        flags = r.u8()
        for b in range(8):
            if len(out) >= raw_len:
                break
            if flags >> b & 1:
                v, = struct.unpack("<H", r.take(2))
                dist, ln = (v >> 4) + 1, (v & 15) + 3
                if dist > len(out):
                    raise Corrupt("lz distance")
                for _ in range(ln):
                    out.append(out[-dist])
            else:
                out.append(r.u8())
    if len(out) != raw_len or r.p != len(payload):
        raise Corrupt("lz length")
    return bytes(out)


# ---------------- encoder ----------------

def entry_strings(e):
    t = e["type"]
    if t == "meta":
        for k, v in e["items"]:
            yield k
            yield v
    elif t == "blob":
        yield e["name"]
    elif t == "table":
        yield e["name"]
        for c in e["columns"]:
            yield c["name"]
        for ci, c in enumerate(e["columns"]):
            if c["type"] == "str":
                for row in e["rows"]:
                    yield row[ci]
    elif t == "link":
        yield e["from"]
        yield e["to"]


def encode(doc):
    ver = doc["version"]
    entries = doc["entries"]
    out = bytearray(MAGIC + bytes([ver]))
    index = {}
    if ver == 1:
        out += struct.pack("<H", len(entries))
        def s(x):
            b = x.encode("utf-8")
            return varint(len(b)) + b
    elif ver == 2:
        out += struct.pack("<I", len(entries))
        out += struct.pack("<H", zlib.crc32(bytes(out)) & 0xFFFF)
        table = []
        for e in entries:
            for x in entry_strings(e):
                if x not in index:
                    index[x] = len(table)
                    table.append(x)
        out += varint(len(table))
        for x in table:
            b = x.encode("utf-8")
            out += varint(len(b)) + b
        def s(x):
            return varint(index[x])
    else:
        raise ValueError("version")
    for e in entries:
        t = e["type"]
        body = bytearray()
        if t == "meta":
            body += varint(len(e["items"]))
            for k, v in e["items"]:
                body += s(k) + s(v)
        elif t == "blob":
            raw = base64.b64decode(e["data"])
            m = e["method"]
            payload = raw if m == "stored" else rle_compress(raw) if m == "rle" else lz_compress(raw)
            body += s(e["name"]) + bytes([METHODS[m]]) + varint(len(raw)) + payload
        elif t == "table":
            cols = e["columns"]
            body += s(e["name"]) + varint(len(cols))
            for c in cols:
                body += s(c["name"]) + bytes([COLTYPES[c["type"]]])
            body += varint(len(e["rows"]))
            for ci, c in enumerate(cols):
                prev = 0
                for row in e["rows"]:
                    v = row[ci]
                    if c["type"] == "int":
                        body += varint(zz(v - prev if ver == 2 else v))
                        prev = v
                    elif c["type"] == "float":
                        body += struct.pack("<d", v)
                    else:
                        body += s(v)
        elif t == "link":
            if ver != 2:
                raise ValueError("link needs version 2")
            body += s(e["from"]) + s(e["to"]) + varint(e["weight"])
        else:
            raise ValueError(t)
        rec = bytes([TYPES[t]]) + varint(len(body)) + body
        out += rec
        if ver == 1:
            out.append(sum(body) & 0xFF)
        else:
            out += struct.pack("<I", zlib.crc32(rec))
    out += b"END"
    out += struct.pack("<I", zlib.adler32(bytes(out)) if ver == 1 else zlib.crc32(bytes(out)))
    return bytes(out)


# ---------------- decoder ----------------

def decode(data):
    r = Reader(data)
    if r.take(4) != MAGIC:
        raise Corrupt("magic")
    ver = r.u8()
    if ver == 1:
        count, = struct.unpack("<H", r.take(2))
    elif ver == 2:
        count, = struct.unpack("<I", r.take(4))
        hc, = struct.unpack("<H", r.take(2))
        if hc != zlib.crc32(data[:9]) & 0xFFFF:
            raise Corrupt("header checksum")
    else:
        raise Corrupt("version")
    if len(data) < 7 or data[-7:-4] != b"END":
        raise Corrupt("trailer")
    want = struct.unpack("<I", data[-4:])[0]
    got = zlib.adler32(data[:-4]) if ver == 1 else zlib.crc32(data[:-4])
    if want != got:
        raise Corrupt("file checksum")
    strtab = []
    if ver == 2:
        for _ in range(r.varint()):
            strtab.append(r.take(r.varint()).decode("utf-8"))
    entries = []
    for _ in range(count):
        tstart = r.p
        t = r.u8()
        blen = r.varint()
        bstart = r.p
        body = r.take(blen)
        if ver == 1:
            if r.u8() != sum(body) & 0xFF:
                raise Corrupt("entry checksum")
        else:
            c, = struct.unpack("<I", r.take(4))
            if c != zlib.crc32(data[tstart:bstart + blen]):
                raise Corrupt("entry checksum")
        b = Reader(data, bstart, bstart + blen)
        if ver == 1:
            def s():
                return b.take(b.varint()).decode("utf-8")
        else:
            def s():
                i = b.varint()
                if i >= len(strtab):
                    raise Corrupt("string index")
                return strtab[i]
        if t == 1:
            items = []
            for _ in range(b.varint()):
                k = s()
                items.append([k, s()])
            e = {"type": "meta", "items": items}
        elif t == 2:
            name = s()
            m = b.u8()
            if m not in METHOD_NAMES:
                raise Corrupt("method")
            raw_len = b.varint()
            payload = b.take(b.end - b.p)
            if m == 0:
                if len(payload) != raw_len:
                    raise Corrupt("stored length")
                raw = payload
            elif m == 1:
                raw = rle_decompress(payload, raw_len)
            else:
                raw = lz_decompress(payload, raw_len)
            e = {"type": "blob", "name": name, "method": METHOD_NAMES[m], "data": base64.b64encode(raw).decode("ascii")}
        elif t == 3:
            name = s()
            cols = []
            for _ in range(b.varint()):
                cn = s()
                ct = b.u8()
                if ct not in COLTYPE_NAMES:
                    raise Corrupt("column type")
                cols.append({"name": cn, "type": COLTYPE_NAMES[ct]})
            nrows = b.varint()
            colvals = []
            for c in cols:
                vals = []
                prev = 0
                for _ in range(nrows):
                    if c["type"] == "int":
                        v = unzz(b.varint())
                        if ver == 2:
                            v += prev
                            prev = v
                    elif c["type"] == "float":
                        v, = struct.unpack("<d", b.take(8))
                    else:
                        v = s()
                    vals.append(v)
                colvals.append(vals)
            rows = [[colvals[ci][ri] for ci in range(len(cols))] for ri in range(nrows)]
            e = {"type": "table", "name": name, "columns": cols, "rows": rows}
        elif t == 4 and ver == 2:
            f = s()
            to = s()
            e = {"type": "link", "from": f, "to": to, "weight": b.varint()}
        else:
            raise Corrupt("entry type")
        if b.p != b.end:
            raise Corrupt("entry length")
        entries.append(e)
    if r.p != len(data) - 7:
        raise Corrupt("trailing data")
    return {"version": ver, "entries": entries}


def main(argv):
    if len(argv) != 4 or argv[1] not in ("decode", "encode"):
        print(__doc__, file=sys.stderr)
        return 2
    if argv[1] == "decode":
        try:
            doc = decode(open(argv[2], "rb").read())
        except (Corrupt, UnicodeDecodeError, struct.error) as e:
            print(f"error: {e}", file=sys.stderr)
            return 1
        with open(argv[3], "w", encoding="utf-8") as f:
            json.dump(doc, f, ensure_ascii=False, indent=1)
        return 0
    doc = json.load(open(argv[2], encoding="utf-8"))
    with open(argv[3], "wb") as f:
        f.write(encode(doc))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
