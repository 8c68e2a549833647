#!/usr/bin/env python3
import json, struct, sys, zlib


class Bad(Exception):
    pass


def decode(data):
    if len(data) < 17 or data[:4] != b"SNRF" or data[4] != 3:
        raise Bad("bad header")
    if data[-5] != 0xFF and b"\xff" not in data[:-4]:
        raise Bad("no end")
    pos = 5
    def need(n):
        if pos + n > len(data):
            raise Bad("truncated")
    def varint():
        nonlocal pos
        n = shift = 0
        while True:
            need(1)
            b = data[pos]; pos += 1
            n |= (b & 0x7F) << shift
            shift += 7
            if not b & 0x80:
                return n
    need(7)
    station, base = struct.unpack_from("<HI", data, pos); pos += 6
    ln = data[pos]; pos += 1
    need(ln)
    name = data[pos:pos + ln].decode("ascii"); pos += ln
    clock = base
    recs = []
    while True:
        need(1)
        tag = data[pos]; pos += 1
        if tag == 0x01:
            clock += varint()
            need(3)
            ch = data[pos]; raw, = struct.unpack_from("<h", data, pos + 1); pos += 3
            recs.append({"type": "reading", "time": clock, "channel": ch, "value": raw / 100})
        elif tag == 0x02:
            n = varint(); need(n)
            recs.append({"type": "note", "text": data[pos:pos + n].decode("utf-8")}); pos += n
        elif tag == 0x03:
            need(9)
            ch = data[pos]; off, gain = struct.unpack_from("<ff", data, pos + 1); pos += 9
            recs.append({"type": "calibration", "channel": ch, "offset": off, "gain": gain})
        elif tag == 0x04:
            need(1)
            recs.append({"type": "battery", "percent": data[pos]}); pos += 1
        elif tag == 0x05:
            s = varint(); clock += s
            recs.append({"type": "gap", "seconds": s})
        elif tag == 0xFF:
            need(4)
            crc, = struct.unpack_from("<I", data, pos)
            if crc != zlib.crc32(data[:pos]) or pos + 4 != len(data):
                raise Bad("checksum")
            break
        else:
            raise Bad("unknown tag")
    return {"station": station, "name": name, "base_time": base, "records": recs}


def main():
    try:
        doc = decode(open(sys.argv[1], "rb").read())
    except (Bad, UnicodeDecodeError, struct.error, IndexError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    print(json.dumps(doc, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
