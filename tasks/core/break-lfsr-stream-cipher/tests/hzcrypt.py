#!/usr/bin/env python3
"""hzcrypt v2 -- the in-house "HZC2" file cipher.

    python3 hzcrypt.py encrypt KEYHEX IN OUT
    python3 hzcrypt.py decrypt KEYHEX IN OUT
    python3 hzcrypt.py genkey

KEYHEX is a 128-bit key as 32 hex digits. A fresh random 64-bit nonce is drawn per file.

File format (all integers big-endian):
    b"HZC2" | nonce (8 bytes) | plaintext length n (4 bytes) | ciphertext (n bytes) | CRC-32 of plaintext (4 bytes)

The ciphertext is plaintext XOR keystream. The keystream comes from three linear feedback shift
registers whose outputs are merged by a nonlinear 3-input boolean combiner, so that -- according
to its designer -- "the linearity of the registers is destroyed".
"""
import hashlib
import os
import struct
import sys
import zlib

MAGIC = b"HZC2"

# (length, feedback taps): register bit i holds the i-th next output; each clock outputs bit 0,
# shifts right, and inserts the XOR of the tap bits at the top.
REGISTERS = (
    (21, (0, 2)),
    (23, (0, 5)),
    (22, (0, 1)),
)
COMBINER = 0xE2     # truth table of the combiner, indexed by (r0 << 2) | (r1 << 1) | r2
WARMUP = 200        # clocks discarded after loading the key


class LFSR:
    def __init__(self, length, taps, state):
        self.length = length
        self.mask = 0
        for t in taps:
            self.mask |= 1 << t
        self.state = state & ((1 << length) - 1) or 1

    def clock(self):
        out = self.state & 1
        fb = bin(self.state & self.mask).count("1") & 1
        self.state = (self.state >> 1) | (fb << (self.length - 1))
        return out


class Keystream:
    def __init__(self, key: bytes, nonce: bytes):
        if len(key) != 16 or len(nonce) != 8:
            raise ValueError("key must be 16 bytes, nonce 8 bytes")
        seed = hashlib.sha256(b"hzc2-key-schedule" + key + nonce).digest()
        self.regs = [LFSR(length, taps, int.from_bytes(seed[4 * i:4 * i + 4], "little"))
                     for i, (length, taps) in enumerate(REGISTERS)]
        for _ in range(WARMUP):
            for r in self.regs:
                r.clock()

    def bit(self):
        a, b, c = (r.clock() for r in self.regs)
        return (COMBINER >> ((a << 2) | (b << 1) | c)) & 1

    def bytes(self, n):
        out = bytearray(n)
        for i in range(n):
            v = 0
            for j in range(8):
                v |= self.bit() << j
            out[i] = v
        return bytes(out)


def encrypt(key: bytes, plaintext: bytes, nonce: bytes = None) -> bytes:
    nonce = os.urandom(8) if nonce is None else nonce
    ks = Keystream(key, nonce).bytes(len(plaintext))
    ct = bytes(p ^ k for p, k in zip(plaintext, ks))
    return MAGIC + nonce + struct.pack(">I", len(plaintext)) + ct + struct.pack(">I", zlib.crc32(plaintext))


def decrypt(key: bytes, blob: bytes) -> bytes:
    if blob[:4] != MAGIC:
        raise ValueError("not an HZC2 file")
    nonce = blob[4:12]
    (n,) = struct.unpack(">I", blob[12:16])
    ct = blob[16:16 + n]
    (crc,) = struct.unpack(">I", blob[16 + n:20 + n])
    ks = Keystream(key, nonce).bytes(n)
    pt = bytes(c ^ k for c, k in zip(ct, ks))
    if zlib.crc32(pt) != crc:
        raise ValueError("CRC mismatch: wrong key or corrupted file")
    return pt


def main(argv):
    if argv[:1] == ["genkey"]:
        print(os.urandom(16).hex())
        return 0
    if len(argv) != 4 or argv[0] not in ("encrypt", "decrypt"):
        print(__doc__, file=sys.stderr)
        return 2
    cmd, keyhex, src, dst = argv
    key = bytes.fromhex(keyhex)
    data = open(src, "rb").read()
    out = encrypt(key, data) if cmd == "encrypt" else decrypt(key, data)
    open(dst, "wb").write(out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
