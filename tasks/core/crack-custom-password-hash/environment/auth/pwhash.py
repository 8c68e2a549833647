"""Password hashing for the intranet login (legacy "hz1" scheme).

Stored format in users.db:   username:hz1$<salt>$<digest>
"""


def _mix(h: int) -> int:
    h ^= h >> 16
    h = (h * 0x7FEB352D) & 0xFFFFFFFF
    h ^= h >> 15
    h = (h * 0x846CA68B) & 0xFFFFFFFF
    h ^= h >> 16
    return h


def hz1_digest(password: str, salt: str) -> str:
    data = salt.encode("utf-8") + b":" + password.encode("utf-8")
    h1, h2 = 0x811C9DC5, 0x12345678
    for i, b in enumerate(data):
        h1 = ((h1 ^ b) * 0x01000193) & 0xFFFFFFFF
        h2 = _mix(h2 ^ (b << ((i % 4) * 8)))
    return f"{_mix(h1 ^ h2):08x}{_mix(h2 + 0x9E3779B9 & 0xFFFFFFFF):04x}"[:12]


def check(password: str, stored: str) -> bool:
    scheme, salt, digest = stored.split("$")
    return scheme == "hz1" and hz1_digest(password, salt) == digest
