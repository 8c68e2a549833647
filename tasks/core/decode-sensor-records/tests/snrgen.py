"""Reference encoder + random document generator for the SNRF format (test-side only)."""
import json, random, struct, zlib


def varint(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def encode(doc):
    name = doc["name"].encode("ascii")
    out = bytearray(b"SNRF" + bytes([3]) + struct.pack("<HI", doc["station"], doc["base_time"]) + bytes([len(name)]) + name)
    clock = doc["base_time"]
    for r in doc["records"]:
        t = r["type"]
        if t == "reading":
            dt = r["time"] - clock
            assert dt >= 0
            clock = r["time"]
            raw = round(r["value"] * 100)
            out += b"\x01" + varint(dt) + bytes([r["channel"]]) + struct.pack("<h", raw)
        elif t == "note":
            b = r["text"].encode("utf-8")
            out += b"\x02" + varint(len(b)) + b
        elif t == "calibration":
            out += b"\x03" + bytes([r["channel"]]) + struct.pack("<ff", r["offset"], r["gain"])
        elif t == "battery":
            out += b"\x04" + bytes([r["percent"]])
        elif t == "gap":
            clock += r["seconds"]
            out += b"\x05" + varint(r["seconds"])
        else:
            raise ValueError(t)
    out += b"\xff"
    out += struct.pack("<I", zlib.crc32(bytes(out)))
    return bytes(out)


NOTES = ["door opened", "sensor swapped", "", "Wartung durchgeführt", "calibrated by J. Ng", "température élevée",
         "rain", "fan noise; check bearing", "低电量", "reboot after power loss", "ok"]


def random_doc(r, n_records=None):
    doc = {"station": r.choice([r.randint(0, 300), r.randint(0, 65535)]),
           "name": r.choice(["", "roof", "north-field", "LAB_2", "greenhouse-west-07", "B"]),
           "base_time": r.randint(1_500_000_000, 1_800_000_000), "records": []}
    clock = doc["base_time"]
    n = n_records if n_records is not None else r.randint(3, 60)
    for _ in range(n):
        k = r.random()
        if k < 0.6:
            dt = r.choice([0, r.randint(1, 127), r.randint(128, 16383), r.randint(16384, 3_000_000), r.randint(1, 900)])
            clock += dt
            raw = r.choice([r.randint(-32768, 32767), r.randint(-3000, 4500), r.randint(-99, 99)])
            doc["records"].append({"type": "reading", "time": clock, "channel": r.randint(0, 255) if r.random() < 0.2 else r.randint(0, 7), "value": raw / 100})
        elif k < 0.7:
            doc["records"].append({"type": "note", "text": r.choice(NOTES) if r.random() < 0.8 else "x" * r.randint(100, 300)})
        elif k < 0.8:
            doc["records"].append({"type": "calibration", "channel": r.randint(0, 7), "offset": r.randint(-640, 640) / 64, "gain": r.randint(32, 256) / 128})
        elif k < 0.9:
            doc["records"].append({"type": "battery", "percent": r.randint(0, 100)})
        else:
            s = r.choice([r.randint(1, 127), r.randint(128, 20000), r.randint(20000, 90_000_000)])
            clock += s
            doc["records"].append({"type": "gap", "seconds": s})
    return doc


def corruptions(r, data):
    """Yield corrupted variants of a valid file."""
    b = bytearray(data); i = r.randrange(9, len(b) - 5); b[i] ^= 1 << r.randrange(8); yield bytes(b)
    yield data[: r.randrange(10, len(data) - 1)]
    b = bytearray(data); b[-1] ^= 0x40; yield bytes(b)
