"""Framing of log records.

A record is   MAGIC (2 bytes) | length (u32, big endian) | crc32(payload) (u32) | payload.
The payload is UTF-8 JSON. A record whose header or payload is incomplete, or whose CRC does
not match, ends the readable part of the log (a "torn tail" left by a crash mid-write).
"""
import json
import struct
import zlib

MAGIC = b"\xb7\x4b"
HEADER = struct.Struct(">2sII")


def encode(obj):
    payload = json.dumps(obj, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    return HEADER.pack(MAGIC, len(payload), zlib.crc32(payload)) + payload


def decode_all(data):
    """Decode records from `data`. Returns (objects, end) where `end` is the offset just past
    the last complete, valid record."""
    out = []
    pos = 0
    n = len(data)
    while pos + HEADER.size <= n:
        magic, length, crc = HEADER.unpack_from(data, pos)
        if magic != MAGIC:
            break
        start = pos + HEADER.size
        end = start + length
        if end > n:
            break
        payload = bytes(data[start:end])
        if zlib.crc32(payload) != crc:
            break
        try:
            obj = json.loads(payload.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            break
        out.append(obj)
        pos = end
    return out, pos
