"""The broker's in-memory state: jobs, ready queues, leases, delayed retries.

Every change is written to the journal before the broker answers the request that made it,
so a restarted broker (``replay``) knows every job a client was told about.

Job states::

    ready --lease--> leased --ack--> done
      ^                |  \\--fail (attempts left)--> ready (after a back-off delay)
      |                |  \\--fail (no attempts left)--> dead
      +---expire-------+     (lease ran out, or the worker's connection closed)
    ready --cancel--> cancelled

Within a queue, jobs are handed out by priority (higher first), then in submission order.
"""

import heapq
import secrets
import threading
import time

from . import protocol

READY, LEASED, DONE, DEAD, CANCELLED = "ready", "leased", "done", "dead", "cancelled"
STATES = (READY, LEASED, DONE, DEAD, CANCELLED)
RETRY_BASE_MS = 50
RETRY_MAX_MS = 2000


class Job:
    __slots__ = (
        "id", "seq", "queue", "payload", "priority", "max_attempts", "key", "state",
        "attempts", "result", "error", "token", "worker", "leased_at", "lease_expires",
        "submitted_at",
    )

    def __init__(self, id, seq, queue, payload, priority=0, max_attempts=3, key=None):
        self.id = id
        self.seq = seq
        self.queue = queue
        self.payload = payload
        self.priority = priority
        self.max_attempts = max_attempts
        self.key = key
        self.state = READY
        self.attempts = 0
        self.result = None
        self.error = None
        self.token = None
        self.worker = None
        self.leased_at = None
        self.lease_expires = None
        self.submitted_at = time.time()

    def to_record(self):
        return {
            "id": self.id, "seq": self.seq, "queue": self.queue, "payload": self.payload,
            "priority": self.priority, "max_attempts": self.max_attempts, "key": self.key,
            "state": self.state, "attempts": self.attempts, "result": self.result,
            "error": self.error, "submitted_at": self.submitted_at,
        }

    @classmethod
    def from_record(cls, rec):
        job = cls(rec["id"], rec["seq"], rec["queue"], rec["payload"], rec.get("priority", 0),
                  rec.get("max_attempts", 3), rec.get("key"))
        job.state = rec.get("state", READY)
        job.attempts = rec.get("attempts", 0)
        job.result = rec.get("result")
        job.error = rec.get("error")
        job.submitted_at = rec.get("submitted_at", job.submitted_at)
        return job

    def public(self):
        view = self.to_record()
        view["lease_worker"] = self.worker if self.state == LEASED else None
        return view


class StoreError(Exception):
    def __init__(self, code, message):
        super().__init__(message)
        self.code = code
        self.message = message


class JobStore:
    """All broker state behind one lock. The journal is written while that lock is held, so
    the journal's order is the order in which changes happened."""

    def __init__(self, journal, *, lease_ms=30000):
        self.journal = journal
        self.default_lease_ms = lease_ms
        self._lock = threading.RLock()
        self._cond = threading.Condition(self._lock)
        self._jobs = {}
        self._keys = {}
        self._ready = {}        # queue -> heap of (-priority, seq, id)
        self._delayed = []      # heap of (due monotonic, seq, id)
        self._next_seq = 1
        self.counters = {"submitted": 0, "leased": 0, "acked": 0, "failed": 0, "expired": 0}

    # -- helpers (lock held) ---------------------------------------------------------------

    def _enqueue(self, job):
        job.state = READY
        job.token = job.worker = job.leased_at = job.lease_expires = None
        heapq.heappush(self._ready.setdefault(job.queue, []), (-job.priority, job.seq, job.id))
        self._cond.notify_all()

    def _get(self, job_id):
        job = self._jobs.get(job_id)
        if job is None:
            raise StoreError(protocol.NOT_FOUND, f"no job {job_id!r}")
        return job

    def _check_lease(self, job, token):
        if job.state != LEASED or job.token != token:
            raise StoreError(protocol.STALE_LEASE,
                             f"job {job.id} is not leased under token {token!r}")

    def _pop_ready(self, queues):
        best = None
        for queue in queues:
            heap = self._ready.get(queue)
            while heap:
                _, _, job_id = heap[0]
                job = self._jobs.get(job_id)
                if job is None or job.state != READY or job.queue != queue:
                    heapq.heappop(heap)  # cancelled, or a stale entry
                    continue
                if best is None or heap[0] < best[0]:
                    best = (heap[0], queue)
                break
        if best is None:
            return None
        heapq.heappop(self._ready[best[1]])
        return self._jobs[best[0][2]]

    def _promote_delayed(self, now):
        while self._delayed and self._delayed[0][0] <= now:
            _, _, job_id = heapq.heappop(self._delayed)
            job = self._jobs.get(job_id)
            if job is not None and job.state == READY:
                heapq.heappush(self._ready.setdefault(job.queue, []),
                               (-job.priority, job.seq, job.id))
                self._cond.notify_all()

    # -- operations ------------------------------------------------------------------------

    def submit(self, queue, payload, priority=0, max_attempts=3, key=None):
        with self._lock:
            if key is not None and key in self._keys:
                return self._jobs[self._keys[key]], False
            seq = self._next_seq
            job = Job(f"j{seq}", seq, queue, payload, priority, max_attempts, key)
            self.journal.append({"t": "submit", **job.to_record()})
            self._next_seq += 1
            self._jobs[job.id] = job
            if key is not None:
                self._keys[key] = job.id
            self.counters["submitted"] += 1
            self._enqueue(job)
            return job, True

    def lease(self, queues, worker, lease_ms=None, wait_ms=0):
        lease_ms = self.default_lease_ms if lease_ms is None else lease_ms
        deadline = time.monotonic() + wait_ms / 1000
        with self._lock:
            while True:
                self._promote_delayed(time.monotonic())
                job = self._pop_ready(queues)
                if job is not None:
                    break
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return None
                self._cond.wait(min(remaining, 0.05))
            job.attempts += 1
            self.journal.append({"t": "lease", "id": job.id, "attempt": job.attempts,
                                 "worker": worker})
            job.state = LEASED
            job.token = f"{job.attempts}-{secrets.token_hex(8)}"
            job.worker = worker
            job.leased_at = time.monotonic()
            job.lease_expires = job.leased_at + lease_ms / 1000
            self.counters["leased"] += 1
            return job

    def heartbeat(self, job_id, token, lease_ms=None):
        lease_ms = self.default_lease_ms if lease_ms is None else lease_ms
        with self._lock:
            job = self._get(job_id)
            self._check_lease(job, token)
            job.lease_expires = time.monotonic() + lease_ms / 1000
            return job.lease_expires - time.monotonic()

    def ack(self, job_id, token, result):
        with self._lock:
            job = self._get(job_id)
            self._check_lease(job, token)
            self.journal.append({"t": "ack", "id": job.id, "result": result})
            job.state = DONE
            job.result = result
            job.error = None
            job.token = job.worker = job.leased_at = job.lease_expires = None
            self.counters["acked"] += 1
            return job

    def fail(self, job_id, token, error, retry=True):
        with self._lock:
            job = self._get(job_id)
            self._check_lease(job, token)
            dead = not retry or job.attempts >= job.max_attempts
            delay_ms = 0 if dead else min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** (job.attempts - 1))
            self.journal.append({"t": "fail", "id": job.id, "error": str(error), "dead": dead,
                                 "delay_ms": delay_ms})
            self.counters["failed"] += 1
            job.error = str(error)
            if dead:
                job.state = DEAD
                job.token = job.worker = job.leased_at = job.lease_expires = None
            else:
                job.state = READY
                job.token = job.worker = job.leased_at = job.lease_expires = None
                heapq.heappush(self._delayed,
                               (time.monotonic() + delay_ms / 1000, job.seq, job.id))
            return job

    def cancel(self, job_id):
        with self._lock:
            job = self._get(job_id)
            if job.state != READY:
                raise StoreError(protocol.INVALID_STATE,
                                 f"job {job.id} is {job.state}; only ready jobs can be cancelled")
            self.journal.append({"t": "cancel", "id": job.id})
            job.state = CANCELLED
            return job

    def release(self, leases, reason):
        """Give back leases whose holder went away (its connection closed). ``leases`` is a
        list of ``(job_id, token)``; leases that already ended are skipped."""
        with self._lock:
            for job_id, token in leases:
                job = self._jobs.get(job_id)
                if job is None or job.state != LEASED or job.token != token:
                    continue
                self._expire(job, reason)

    def _expire(self, job, reason):
        dead = job.attempts >= job.max_attempts
        self.journal.append({"t": "expire", "id": job.id, "reason": reason, "dead": dead})
        self.counters["expired"] += 1
        if dead:
            job.state = DEAD
            job.error = f"attempts exhausted ({reason})"
            job.token = job.worker = job.leased_at = job.lease_expires = None
        else:
            self._enqueue(job)

    def expire_leases(self):
        """Called periodically: put jobs whose lease ran out back in their queue."""
        now = time.monotonic()
        with self._lock:
            self._promote_delayed(now)
            expired = [j for j in self._jobs.values()
                       if j.state == LEASED and j.lease_expires is not None
                       and j.lease_expires <= now]
            for job in expired:
                self._expire(job, "lease expired")
            return len(expired)

    def status(self, job_id):
        with self._lock:
            return self._get(job_id).public()

    def stats(self):
        with self._lock:
            counts = dict.fromkeys(STATES, 0)
            for job in self._jobs.values():
                counts[job.state] += 1
            queues = {q: sum(1 for j in self._jobs.values() if j.queue == q and j.state == READY)
                      for q in self._ready}
            return {"jobs": counts, "queues": queues, "counters": dict(self.counters),
                    "compactions": self.journal.compactions}

    # -- persistence -----------------------------------------------------------------------

    def snapshot(self):
        with self._lock:
            jobs = sorted(self._jobs.values(), key=lambda j: j.seq)
            return {"t": "snapshot", "next_seq": self._next_seq,
                    "jobs": [j.to_record() for j in jobs]}

    def compact(self):
        """Rewrite the journal as one snapshot. Holds the store lock throughout, so no change
        can slip in between taking the snapshot and swapping the file."""
        with self._lock:
            self.journal.compact(self.snapshot())

    def replay(self, records):
        """Rebuild the state from journal records (a fresh store only). Jobs that were leased
        when the broker stopped go back to their queue: their worker's lease died with it."""
        with self._lock:
            for rec in records:
                kind = rec.get("t")
                if kind == "snapshot":
                    self._jobs.clear()
                    self._keys.clear()
                    for jr in rec["jobs"]:
                        job = Job.from_record(jr)
                        self._jobs[job.id] = job
                    self._next_seq = rec["next_seq"]
                elif kind == "submit":
                    job = Job.from_record(rec)
                    job.state = READY
                    self._jobs[job.id] = job
                    self._next_seq = max(self._next_seq, job.seq + 1)
                elif kind in ("lease", "ack", "fail", "expire", "cancel"):
                    job = self._jobs.get(rec["id"])
                    if job is None:
                        continue
                    if kind == "lease":
                        job.attempts = rec["attempt"]
                        job.state = LEASED
                    elif kind == "ack":
                        job.state = DONE
                        job.result = rec["result"]
                        job.error = None
                    elif kind == "fail":
                        job.error = rec["error"]
                        job.state = DEAD if rec["dead"] else READY
                    elif kind == "expire":
                        job.state = DEAD if rec["dead"] else READY
                        if rec["dead"]:
                            job.error = f"attempts exhausted ({rec['reason']})"
                    elif kind == "cancel":
                        job.state = CANCELLED
            for job in self._jobs.values():
                if job.key is not None:
                    self._keys[job.key] = job.id
            pending = sorted((j for j in self._jobs.values() if j.state in (READY, LEASED)),
                             key=lambda j: (-j.priority, j.seq))
            for job in pending:
                self._enqueue(job)
