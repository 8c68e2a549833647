"""Random HZC documents and corruptions (test-side)."""
import base64, random, struct, zlib
from hzc_ref import encode, Reader, varint

WORDS = ["alpha", "beta", "gamma", "delta", "sensor", "node", "id", "name", "value", "temp", "ok", "error",
         "Zürich", "東京", "naïve", "", "x", "build-42", "release", "owner", "a b c", "emoji😀", "path/to/file"]


def rword(r):
    if r.random() < 0.15:
        return "".join(r.choice("abcdefghijklmnopqrstuvwxyz_-0123456789") for _ in range(r.randint(1, 40)))
    if r.random() < 0.03:
        return "L" * r.randint(128, 300)
    return r.choice(WORDS)


def rdata(r, maxlen=2500):
    k = r.randrange(5)
    n = r.choice([0, 1, 2, 3, r.randint(4, 40), r.randint(40, 400), r.randint(400, maxlen)])
    if k == 0:
        return bytes(r.getrandbits(8) for _ in range(n))
    if k == 1:
        out = bytearray()
        while len(out) < n:
            out += bytes([r.choice([0, 0, 255, r.getrandbits(8)])]) * r.choice([1, 1, 2, 3, 4, 10, 50, 200])
        return bytes(out[:n])
    if k == 2:
        words = [w.encode() for w in WORDS if w] + [b"the ", b"and ", b"\n", b", "]
        out = bytearray()
        while len(out) < n:
            out += r.choice(words) + (b" " if r.random() < 0.5 else b"")
        return bytes(out[:n])
    if k == 3:
        pat = bytes(r.getrandbits(8) for _ in range(r.randint(1, 20)))
        out = bytearray()
        while len(out) < n:
            out += pat if r.random() < 0.8 else bytes([r.getrandbits(8)])
        return bytes(out[:n])
    return bytes(r.randrange(3) for _ in range(n))


def rentry(r, ver, big=False):
    kinds = ["meta", "blob", "table"] + (["link"] if ver == 2 else [])
    t = r.choice(kinds)
    if t == "meta":
        return {"type": "meta", "items": [[rword(r), rword(r)] for _ in range(r.randint(0, 6))]}
    if t == "blob":
        return {"type": "blob", "name": rword(r), "method": r.choice(["stored", "rle", "lz", "lz"]),
                "data": base64.b64encode(rdata(r, 6000 if big else 2500)).decode()}
    if t == "link":
        return {"type": "link", "from": rword(r), "to": rword(r), "weight": r.choice([0, r.randint(1, 127), r.randint(128, 2 ** 21), r.randint(0, 2 ** 40)])}
    ncols = r.randint(0, 5)
    cols = []
    for _ in range(ncols):
        cols.append({"name": rword(r), "type": r.choice(["int", "float", "str"])})
    nrows = r.choice([0, 1, r.randint(2, 10), r.randint(10, 40)])
    rows = [[None] * ncols for _ in range(nrows)]
    for ci, c in enumerate(cols):
        mode = r.randrange(3)
        base = r.randint(-10 ** 6, 10 ** 9)
        for ri in range(nrows):
            if c["type"] == "int":
                if mode == 0:
                    base += r.randint(0, 100)
                    v = base
                elif mode == 1:
                    v = r.randint(-64, 64)
                else:
                    v = r.randint(-2 ** 40, 2 ** 40)
            elif c["type"] == "float":
                v = r.choice([0.0, -0.0, 1.5, r.uniform(-1, 1) * 10 ** r.randint(-10, 12), float(r.randint(-1000, 1000))])
            else:
                v = rword(r)
            rows[ri][ci] = v
    return {"type": "table", "name": rword(r), "columns": cols, "rows": rows}


def random_doc(r, ver=None, n=None, big=False):
    ver = ver or r.choice([1, 2])
    n = r.randint(1, 8) if n is None else n
    return {"version": ver, "entries": [rentry(r, ver, big) for _ in range(n)]}


def layout(data):
    """(version, header_end, [(type_pos, body_start, body_len, cks_pos, cks_len)]) of a valid file."""
    r = Reader(data)
    r.take(4)
    ver = r.u8()
    count = struct.unpack("<H", r.take(2))[0] if ver == 1 else struct.unpack("<I", r.take(4))[0]
    if ver == 2:
        r.take(2)
        for _ in range(r.varint()):
            r.take(r.varint())
    hend = r.p
    out = []
    for _ in range(count):
        tp = r.p
        r.u8()
        bl = r.varint()
        bs = r.p
        r.take(bl)
        cl = 1 if ver == 1 else 4
        out.append((tp, bs, bl, r.p, cl))
        r.take(cl)
    return ver, hend, out


def fix_trailer(b):
    b = bytes(b[:-4])
    ver = b[4]
    return b + struct.pack("<I", zlib.adler32(b) if ver == 1 else zlib.crc32(b))


def corruptions(r, data):
    ver, hend, ents = layout(data)
    b = bytearray(data); i = r.randrange(len(b)); b[i] ^= 1 << r.randrange(8); yield "bitflip", bytes(b)
    yield "truncated", data[:r.randrange(len(data))]
    yield "extra-byte", data + b"\x00"
    if ents:
        tp, bs, bl, cp, cl = r.choice(ents)
        b = bytearray(data); b[cp] ^= 0x5A
        yield "entry-checksum", fix_trailer(b)
        if bl:
            b = bytearray(data); b[bs + r.randrange(bl)] ^= 0x01
            yield "entry-body", fix_trailer(b)
        b = bytearray(data); b[tp] = 9
        if ver == 2:
            b[cp:cp + 4] = struct.pack("<I", zlib.crc32(bytes(b[tp:cp])))
        yield "entry-type", fix_trailer(b)
    if ver == 2:
        b = bytearray(data); b[9] ^= 0xFF
        yield "header-checksum", fix_trailer(b)
    b = bytearray(data); b[4] = 3
    yield "version", fix_trailer(b)
