"""One exec's standard streams, read straight from the engine's socket.

``POST /exec/{id}/start`` turns its HTTP connection into the process's multiplexed stdin,
stdout and stderr. The SDK hands back the socket after its HTTP parser has read the response
head into a buffer of its own, so the first frames of a fast command can be lost in it; the
request is made here instead, on a socket of our own, and whatever follows the head is kept.

The caller's thread blocks here; :func:`pump` returns when the process closes its streams, the
deadline passes, or the ``stop`` event is set (a cancelled caller), whichever comes first.
Each stream keeps only its last ``limit`` bytes, so a chatty command cannot exhaust memory.
"""

import json
import os
import select
import socket
import threading
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from ._docker_api import API_TIMEOUT_SEC, docker_host

CHUNK = 65536
STOP_POLL_SEC = 0.5
"""How often a waiting stream checks whether its caller was cancelled."""
_STDOUT, _STDERR = 1, 2


class ExecStartError(RuntimeError):
    """The engine refused to start the exec (``status``: its HTTP status)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(f"exec start failed ({status}): {message}")
        self.status = status


@dataclass
class Streams:
    """What a process wrote (each stream's tail), and whether the deadline cut it short."""

    stdout: bytes
    stderr: bytes
    timed_out: bool = False


class _Tail:
    """The last ``limit`` bytes written to a stream."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.data = bytearray()

    def add(self, chunk: bytes | bytearray | memoryview) -> None:
        self.data += chunk
        if len(self.data) > 2 * self.limit:  # trim in batches, not on every frame
            del self.data[: len(self.data) - self.limit]

    def value(self) -> bytes:
        return bytes(self.data[-self.limit :])


def _connect() -> socket.socket:
    host = docker_host()
    parts = urlsplit(host)
    if parts.scheme == "unix":
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(API_TIMEOUT_SEC)
        sock.connect(parts.path)
        return sock
    if parts.scheme == "tcp" and not os.environ.get("DOCKER_TLS_VERIFY"):
        return socket.create_connection(
            (parts.hostname or "localhost", parts.port or 2375), timeout=API_TIMEOUT_SEC
        )
    raise RuntimeError(f"horizon's sandboxes need the engine on a unix socket or plain tcp: {host}")


def start(exec_id: str) -> tuple[socket.socket, bytes]:
    """Start exec ``exec_id``; its socket and the stream bytes read past the response head.

    Raises:
        ExecStartError: the engine answered with an error (no such exec, container stopped).
    """
    body = b'{"Detach":false,"Tty":false}'
    head = (
        f"POST /exec/{exec_id}/start HTTP/1.1\r\nHost: docker\r\n"
        f"Content-Type: application/json\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    )
    sock = _connect()
    try:
        sock.sendall(head.encode() + body)
        received = b""
        while b"\r\n\r\n" not in received:
            chunk = sock.recv(CHUNK)
            if not chunk:
                raise ExecStartError(0, "the engine closed the connection")
            received += chunk
        response, _, rest = received.partition(b"\r\n\r\n")
        status = int(response.split(b" ", 2)[1])
        if status not in (101, 200):
            raise ExecStartError(status, _error_message(sock, rest))
        return sock, rest
    except BaseException:
        sock.close()
        raise


def _error_message(sock: socket.socket, rest: bytes) -> str:
    sock.settimeout(5)
    try:
        while chunk := sock.recv(CHUNK):
            rest += chunk
    except OSError:
        pass
    text = rest.decode(errors="replace")
    start, end = text.find("{"), text.rfind("}")
    try:
        return str(json.loads(text[start : end + 1])["message"])
    except (ValueError, KeyError):
        return text.strip()


def pump(
    sock: socket.socket,
    rest: bytes,
    stdin: bytes | None,
    *,
    deadline: float | None,
    limit: int,
    stop: threading.Event,
) -> Streams:
    """Feed ``stdin`` (then close it) and read the process's streams from ``sock``.

    ``deadline`` is a ``time.monotonic()`` time; ``stdin`` None means none was attached.
    Closes ``sock``.
    """
    out, err = _Tail(limit), _Tail(limit)
    frames = bytearray(rest)
    pending = memoryview(stdin) if stdin is not None else None
    poller = select.poll()
    try:
        sock.setblocking(False)
        if pending is not None and not pending:
            sock.shutdown(socket.SHUT_WR)
            pending = None
        while True:
            _take_frames(frames, out, err)
            left = None if deadline is None else deadline - time.monotonic()
            if (left is not None and left <= 0) or stop.is_set():
                return Streams(out.value(), err.value(), timed_out=True)
            wait = STOP_POLL_SEC if left is None else min(left, STOP_POLL_SEC)
            poller.register(sock, select.POLLIN | (select.POLLOUT if pending else 0))
            events = poller.poll(wait * 1000)
            if not events:
                continue
            _, mask = events[0]
            if pending is not None and mask & select.POLLOUT:
                pending = _send(sock, pending)
            if mask & (select.POLLIN | select.POLLHUP | select.POLLERR):
                try:
                    chunk = sock.recv(CHUNK)
                except BlockingIOError:
                    continue
                if not chunk:
                    _take_frames(frames, out, err)
                    return Streams(out.value(), err.value())
                frames += chunk
    finally:
        sock.close()


def _send(sock: socket.socket, pending: memoryview) -> memoryview | None:
    """Send what the socket takes now; None once all is sent and stdin is closed."""
    try:
        sent = sock.send(pending[:CHUNK])
    except BlockingIOError:
        return pending
    except OSError:  # the process exited without reading it all: its output still counts
        return None
    pending = pending[sent:]
    if pending:
        return pending
    sock.shutdown(socket.SHUT_WR)
    return None


def _take_frames(frames: bytearray, out: _Tail, err: _Tail) -> None:
    """Move every whole frame (8-byte header: stream, 3 zeros, big-endian size) to its tail."""
    offset = 0
    while len(frames) - offset >= 8:
        size = int.from_bytes(frames[offset + 4 : offset + 8], "big")
        end = offset + 8 + size
        if len(frames) < end:
            break
        stream = frames[offset]
        payload = memoryview(frames)[offset + 8 : end]
        if stream == _STDOUT:
            out.add(payload)
        elif stream == _STDERR:
            err.add(payload)
        payload.release()
        offset = end
    del frames[:offset]
