"""The broker process: holds the queues, hands out leases, persists everything to its journal.

    python3 -m jobq.broker --port 7411 --data /var/lib/jobq [--lease-ms 30000]

One thread accepts connections and one thread serves each connection (requests on a
connection are answered in order). A reaper thread expires leases; a compactor thread rewrites
the journal as a snapshot when it has grown by ``--compact-every`` records.
"""

import argparse
import itertools
import logging
import os
import signal
import socket
import sys
import threading
import time

from . import protocol
from .journal import Journal
from .store import JobStore, StoreError

log = logging.getLogger("jobq.broker")


class Session:
    """One client connection and the leases it holds."""

    _ids = itertools.count(1)

    def __init__(self, sock, peer):
        self.id = next(self._ids)
        self.sock = sock
        self.peer = peer
        self.worker = None
        self.leases = {}          # job id -> token
        self.opened = time.time()
        self.requests = 0


class Broker:
    def __init__(self, host, port, data_dir, *, lease_ms=30000, fsync=False,
                 compact_every=5000, reap_interval=0.05):
        self.host = host
        self.port = port
        self.journal = Journal(data_dir, fsync=fsync, compact_every=compact_every)
        self.store = JobStore(self.journal, lease_ms=lease_ms)
        self.reap_interval = reap_interval
        self._listener = None
        self._stopping = threading.Event()
        self._sessions = {}
        self._sessions_lock = threading.Lock()
        self._threads = []

    # -- life cycle ------------------------------------------------------------------------

    def start(self):
        records = self.journal.records()
        self.store.replay(records)
        self.journal.open()
        if records:
            log.info("replayed %d journal records", len(records))
        self._listener = socket.create_server((self.host, self.port), backlog=256,
                                              reuse_port=False)
        self.port = self._listener.getsockname()[1]
        for target, name in ((self._accept_loop, "accept"), (self._reap_loop, "reaper"),
                             (self._compact_loop, "compactor")):
            t = threading.Thread(target=target, name=name, daemon=True)
            t.start()
            self._threads.append(t)
        log.info("listening on %s:%d", self.host, self.port)

    def stop(self):
        self._stopping.set()
        if self._listener is not None:
            try:
                self._listener.close()
            except OSError:
                pass
        with self._sessions_lock:
            sessions = list(self._sessions.values())
        for session in sessions:
            try:
                session.sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        self.journal.close()

    def wait(self):
        while not self._stopping.is_set():
            self._stopping.wait(0.5)

    # -- background threads ----------------------------------------------------------------

    def _reap_loop(self):
        while not self._stopping.wait(self.reap_interval):
            try:
                n = self.store.expire_leases()
                if n:
                    log.info("expired %d lease(s)", n)
            except Exception:
                log.exception("reaper failed")

    def _compact_loop(self):
        while not self._stopping.is_set():
            if not self.journal.compaction_wanted.wait(0.5):
                continue
            if self._stopping.is_set():
                return
            try:
                self.store.compact()
                log.info("journal compacted")
            except Exception:
                log.exception("compaction failed")
                time.sleep(1)

    def _accept_loop(self):
        while not self._stopping.is_set():
            try:
                sock, peer = self._listener.accept()
            except OSError:
                if self._stopping.is_set():
                    return
                time.sleep(0.05)
                continue
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            session = Session(sock, peer)
            with self._sessions_lock:
                self._sessions[session.id] = session
            threading.Thread(target=self._serve, args=(session,), name=f"conn-{session.id}",
                             daemon=True).start()

    # -- one connection --------------------------------------------------------------------

    def _serve(self, session):
        sock = session.sock
        rfile = sock.makefile("rb")
        while True:
            line = rfile.readline(protocol.MAX_LINE + 1)
            if not line:
                break
            if not line.strip():
                continue
            try:
                request = protocol.decode_request(line)
            except protocol.ProtocolError as exc:
                log.info("connection %d from %s: %s", session.id, session.peer, exc)
                protocol.send(sock, protocol.error(protocol.BAD_REQUEST, str(exc)))
                return
            session.requests += 1
            reply = self.handle(session, request)
            protocol.send(sock, reply)
        self._close_session(session, rfile)

    def _close_session(self, session, rfile):
        with self._sessions_lock:
            self._sessions.pop(session.id, None)
        if session.leases:
            self.store.release(list(session.leases.items()), "worker disconnected")
            session.leases.clear()
        for closeable in (rfile, session.sock):
            try:
                closeable.close()
            except OSError:
                pass

    # -- requests --------------------------------------------------------------------------

    def handle(self, session, request):
        op = request.get("op")
        method = getattr(self, f"op_{op}", None)
        if method is None:
            return protocol.error(protocol.BAD_REQUEST, f"unknown op {op!r}")
        if self._stopping.is_set():
            return protocol.error(protocol.SHUTTING_DOWN, "broker is shutting down")
        try:
            return method(session, request)
        except StoreError as exc:
            return protocol.error(exc.code, exc.message)
        except (KeyError, TypeError, ValueError) as exc:
            return protocol.error(protocol.BAD_REQUEST, f"bad {op} request: {exc!r}")
        except RuntimeError as exc:  # the journal closed under us: we are stopping
            return protocol.error(protocol.SHUTTING_DOWN, str(exc))

    def op_ping(self, session, req):
        return protocol.ok(pong=True, pid=os.getpid())

    def op_hello(self, session, req):
        session.worker = str(req["worker"])
        return protocol.ok(session=session.id)

    def op_submit(self, session, req):
        queue = str(req.get("queue", "default"))
        priority = int(req.get("priority", 0))
        max_attempts = int(req.get("max_attempts", 3))
        if max_attempts < 1:
            raise ValueError("max_attempts must be >= 1")
        key = req.get("key")
        job, created = self.store.submit(queue, req["payload"], priority, max_attempts,
                                         None if key is None else str(key))
        return protocol.ok(id=job.id, created=created)

    def op_lease(self, session, req):
        queues = req.get("queues") or ["default"]
        if isinstance(queues, str):
            queues = [queues]
        worker = str(req.get("worker") or session.worker or f"session-{session.id}")
        lease_ms = req.get("lease_ms")
        wait_ms = min(int(req.get("wait_ms", 0)), 30000)
        job = self.store.lease([str(q) for q in queues], worker,
                               None if lease_ms is None else int(lease_ms), wait_ms)
        if job is None:
            return protocol.ok(job=None)
        session.leases[job.id] = job.token
        return protocol.ok(job={"id": job.id, "queue": job.queue, "payload": job.payload,
                                "attempt": job.attempts, "token": job.token,
                                "priority": job.priority})

    def op_heartbeat(self, session, req):
        lease_ms = req.get("lease_ms")
        left = self.store.heartbeat(str(req["id"]), str(req["token"]),
                                    None if lease_ms is None else int(lease_ms))
        return protocol.ok(expires_in_ms=int(left * 1000))

    def op_ack(self, session, req):
        job = self.store.ack(str(req["id"]), str(req["token"]), req.get("result"))
        session.leases.pop(job.id, None)
        return protocol.ok(id=job.id, state=job.state)

    def op_fail(self, session, req):
        job = self.store.fail(str(req["id"]), str(req["token"]), req.get("error", "failed"),
                              bool(req.get("retry", True)))
        session.leases.pop(job.id, None)
        return protocol.ok(id=job.id, state=job.state)

    def op_cancel(self, session, req):
        job = self.store.cancel(str(req["id"]))
        return protocol.ok(id=job.id, state=job.state)

    def op_status(self, session, req):
        return protocol.ok(job=self.store.status(str(req["id"])))

    def op_stats(self, session, req):
        stats = self.store.stats()
        with self._sessions_lock:
            stats["connections"] = len(self._sessions)
        return protocol.ok(**stats)


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python3 -m jobq.broker", description=__doc__.split("\n")[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=7411)
    parser.add_argument("--data", required=True, help="data directory (journal)")
    parser.add_argument("--lease-ms", type=int, default=30000, help="default lease length")
    parser.add_argument("--fsync", action="store_true", help="fsync the journal on every record")
    parser.add_argument("--compact-every", type=int, default=5000,
                        help="compact the journal after this many records (0: never)")
    parser.add_argument("--log-level", default="INFO")
    args = parser.parse_args(argv)
    logging.basicConfig(level=args.log_level.upper(),
                        format="%(asctime)s broker %(levelname)s %(message)s")
    broker = Broker(args.host, args.port, args.data, lease_ms=args.lease_ms, fsync=args.fsync,
                    compact_every=args.compact_every)
    broker.start()

    def on_signal(signum, frame):
        log.info("signal %d: stopping", signum)
        broker.stop()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    print(f"jobq broker listening on {broker.host}:{broker.port}", flush=True)
    broker.wait()
    return 0


if __name__ == "__main__":
    sys.exit(main())
