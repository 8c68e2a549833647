"""A blocking client for the broker (one connection, one request at a time, thread-safe)."""

import socket
import threading
import time

from . import protocol


class Client:
    def __init__(self, address="127.0.0.1:7411", *, timeout=10.0, retries=0, retry_delay=0.2):
        self.host, self.port = protocol.parse_address(address)
        self.timeout = timeout
        self.retries = retries
        self.retry_delay = retry_delay
        self._sock = None
        self._rfile = None
        self._lock = threading.Lock()

    # -- connection ------------------------------------------------------------------------

    def connect(self):
        with self._lock:
            self._connect_locked()
        return self

    def _connect_locked(self):
        if self._sock is None:
            self._sock = protocol.connect(self.host, self.port, self.timeout)
            self._rfile = self._sock.makefile("rb")

    def close(self):
        with self._lock:
            self._close_locked()

    def _close_locked(self):
        for closeable in (self._rfile, self._sock):
            if closeable is not None:
                try:
                    closeable.close()
                except OSError:
                    pass
        self._sock = self._rfile = None

    def __enter__(self):
        return self.connect()

    def __exit__(self, *exc):
        self.close()

    # -- requests --------------------------------------------------------------------------

    def call(self, op, timeout=None, **fields):
        """Send one request and return the reply; raise RemoteError when ``ok`` is false.

        Connection errors are retried ``retries`` times on a fresh connection (so a request
        may reach the broker twice: use idempotency keys for submits that must not repeat).
        """
        request = {"op": op, **fields}
        attempt = 0
        while True:
            try:
                with self._lock:
                    self._connect_locked()
                    self._sock.settimeout(timeout or self.timeout)
                    self._sock.sendall(protocol.encode(request))
                    line = self._rfile.readline()
                    if not line:
                        self._close_locked()
                        raise ConnectionError("broker closed the connection")
                break
            except (OSError, ConnectionError):
                with self._lock:
                    self._close_locked()
                attempt += 1
                if attempt > self.retries:
                    raise
                time.sleep(self.retry_delay)
        reply = protocol.json_loads(line)
        if not reply.get("ok"):
            raise protocol.RemoteError(reply.get("error"), reply.get("message"))
        return reply

    def ping(self):
        return self.call("ping")

    def submit(self, payload, queue="default", priority=0, max_attempts=3, key=None):
        fields = {"payload": payload, "queue": queue, "priority": priority,
                  "max_attempts": max_attempts}
        if key is not None:
            fields["key"] = key
        return self.call("submit", **fields)["id"]

    def lease(self, queues=("default",), worker=None, lease_ms=None, wait_ms=0):
        fields = {"queues": list(queues), "wait_ms": wait_ms}
        if worker is not None:
            fields["worker"] = worker
        if lease_ms is not None:
            fields["lease_ms"] = lease_ms
        return self.call("lease", timeout=self.timeout + wait_ms / 1000, **fields)["job"]

    def heartbeat(self, job_id, token, lease_ms=None):
        fields = {"id": job_id, "token": token}
        if lease_ms is not None:
            fields["lease_ms"] = lease_ms
        return self.call("heartbeat", **fields)

    def ack(self, job_id, token, result=None):
        return self.call("ack", id=job_id, token=token, result=result)

    def fail(self, job_id, token, error, retry=True):
        return self.call("fail", id=job_id, token=token, error=error, retry=retry)

    def cancel(self, job_id):
        return self.call("cancel", id=job_id)

    def status(self, job_id):
        return self.call("status", id=job_id)["job"]

    def stats(self):
        return self.call("stats")

    def wait_for(self, job_id, timeout=30.0, poll=0.05):
        """Poll until the job is done, dead or cancelled; return its status."""
        deadline = time.monotonic() + timeout
        while True:
            job = self.status(job_id)
            if job["state"] in ("done", "dead", "cancelled"):
                return job
            if time.monotonic() >= deadline:
                raise TimeoutError(f"job {job_id} still {job['state']} after {timeout}s")
            time.sleep(poll)
