"""The wire protocol: one JSON object per line, in both directions.

A request is an object with an ``op`` field (see README.md for the operations); every reply is
an object with ``ok`` (bool). A failed request has ``error`` (a short machine-readable code)
and ``message`` (text for people).
"""

import json
import socket

MAX_LINE = 1 << 20
"""Longest request line the broker accepts, newline included."""

# Error codes the broker returns.
BAD_REQUEST = "bad_request"
NOT_FOUND = "not_found"
STALE_LEASE = "stale_lease"
INVALID_STATE = "invalid_state"
SHUTTING_DOWN = "shutting_down"


class ProtocolError(Exception):
    """A request line that is not a JSON object with an ``op``."""


class RemoteError(Exception):
    """The broker answered ``ok: false``."""

    def __init__(self, code, message):
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message


def encode(obj):
    """One message as bytes, newline-terminated."""
    return (json.dumps(obj, separators=(",", ":"), sort_keys=True) + "\n").encode()


def decode_request(line):
    """Parse one request line; raise ProtocolError when it is not a valid request."""
    if len(line) > MAX_LINE:
        raise ProtocolError("request line too long")
    try:
        obj = json.loads(line)
    except (ValueError, UnicodeDecodeError) as exc:
        raise ProtocolError(f"not JSON: {exc}") from None
    if not isinstance(obj, dict) or not isinstance(obj.get("op"), str):
        raise ProtocolError("a request must be a JSON object with a string 'op'")
    return obj


def ok(**fields):
    reply = {"ok": True}
    reply.update(fields)
    return reply


def error(code, message):
    return {"ok": False, "error": code, "message": message}


def send(sock, obj):
    sock.sendall(encode(obj))


def connect(host, port, timeout=10.0):
    sock = socket.create_connection((host, port), timeout=timeout)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return sock


def parse_address(text, default_port=7411):
    """``host:port`` (or just ``host``) as a tuple."""
    host, _, port = text.rpartition(":")
    if not host:
        return text, default_port
    return host, int(port)


def json_loads(line):
    """A reply line as a dict (replies are trusted to be JSON objects)."""
    return json.loads(line)
