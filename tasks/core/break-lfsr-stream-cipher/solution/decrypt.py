#!/usr/bin/env python3
"""Known-plaintext correlation attack on hzcrypt v2 (HZC2).

The combiner 0xE2 is a multiplexer (r1 ? r0 : r2): the output agrees with r0 and with r2 75% of
the time each. Every register output bit is a linear function (over GF(2)) of the register state
at the start of the keystream, so for each of r0 and r2 the state maximising agreement with the
320 known keystream bits is found with one fast Walsh-Hadamard transform over all 2^L states.
Where r0 != r2 the keystream bit reveals r1, giving linear equations solved by elimination.
"""
import struct
import sys
import zlib

import numpy as np

HEADER = b"HORIZON SECURE MEMO v2 -- CLASSIFIED --\n"
REGISTERS = ((21, (0, 2)), (23, (0, 5)), (22, (0, 1)))
COMBINER = 0xE2


def linear_forms(length, taps, n):
    """g[t]: bitmask over initial state bits whose XOR is the register's t-th output."""
    masks = [1 << i for i in range(length)]
    out = []
    for _ in range(n):
        out.append(masks[0])
        fb = 0
        for t in taps:
            fb ^= masks[t]
        masks = masks[1:] + [fb]
    return out


def parity(x):
    return bin(x).count("1") & 1


def fwht(a):
    n = a.size
    h = 1
    while h < n:
        v = a.reshape(-1, 2, h)
        x = v[:, 0, :].copy()
        v[:, 0, :] += v[:, 1, :]
        v[:, 1, :] = x - v[:, 1, :]
        h *= 2
    return a


def best_state(length, forms, bits):
    f = np.zeros(1 << length, dtype=np.int32)
    for g, z in zip(forms, bits):
        f[g] += 1 - 2 * z
    fwht(f)
    return int(np.argmax(f))


def solve_gf2(length, rows):
    """rows: list of (mask, bit). Returns the unique solution or None."""
    pivots = {}
    for m, b in rows:
        for p in sorted(pivots, reverse=True):
            if m >> p & 1:
                pm, pb = pivots[p]
                m ^= pm
                b ^= pb
        if m:
            p = m.bit_length() - 1
            # reduce existing pivots
            for q in list(pivots):
                qm, qb = pivots[q]
                if qm >> p & 1:
                    pivots[q] = (qm ^ m, qb ^ b)
            pivots[p] = (m, b)
    if len(pivots) < length:
        return None
    s = 0
    for p, (m, b) in pivots.items():
        if b:
            s |= 1 << p
    return s


def sequence(length, taps, state, n):
    s = bytearray(n + length)
    for i in range(length):
        s[i] = state >> i & 1
    a, b = taps
    for i in range(n):
        s[i + length] = s[i + a] ^ s[i + b]
    return s[:n]


def recover_states(ks_bits):
    n = len(ks_bits)
    forms = [linear_forms(L, taps, n) for L, taps in REGISTERS]
    s0 = best_state(REGISTERS[0][0], forms[0], ks_bits)
    s2 = best_state(REGISTERS[2][0], forms[2], ks_bits)
    x0 = [parity(g & s0) for g in forms[0]]
    x2 = [parity(g & s2) for g in forms[2]]
    rows = [(forms[1][t], 1 if ks_bits[t] == x0[t] else 0) for t in range(n) if x0[t] != x2[t]]
    s1 = solve_gf2(REGISTERS[1][0], rows)
    return s0, s1, s2


def keystream(states, nbytes):
    nb = nbytes * 8
    seqs = [np.frombuffer(bytes(sequence(L, taps, s, nb)), dtype=np.uint8)
            for (L, taps), s in zip(REGISTERS, states)]
    idx = (seqs[0] << 2) | (seqs[1] << 1) | seqs[2]
    table = np.array([(COMBINER >> i) & 1 for i in range(8)], dtype=np.uint8)
    bits = table[idx]
    return np.packbits(bits, bitorder="little").tobytes()


def main(src, dst):
    blob = open(src, "rb").read()
    assert blob[:4] == b"HZC2", "not an HZC2 file"
    (n,) = struct.unpack(">I", blob[12:16])
    ct = blob[16:16 + n]
    (crc,) = struct.unpack(">I", blob[16 + n:20 + n])
    k = min(len(HEADER), n)
    ks_bits = []
    for c, p in zip(ct[:k], HEADER[:k]):
        v = c ^ p
        ks_bits.extend((v >> j) & 1 for j in range(8))
    states = recover_states(ks_bits)
    ks = keystream(states, n)
    pt = bytes(np.frombuffer(ct, dtype=np.uint8) ^ np.frombuffer(ks, dtype=np.uint8))
    if zlib.crc32(pt) != crc:
        sys.exit("CRC mismatch: attack failed")
    open(dst, "wb").write(pt)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: decrypt.py IN.enc OUT")
    main(sys.argv[1], sys.argv[2])
