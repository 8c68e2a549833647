"""A worker process: leases jobs from the broker, runs them, reports the outcome.

    python3 -m jobq.worker --broker 127.0.0.1:7411 --id w1 [--queues default,mail]
                           [--lease-ms 30000] [--effects DIR]

While a job runs, a heartbeat thread renews its lease every third of the lease length, so a
job may run longer than one lease. If the broker goes away the worker reconnects (with
back-off) and carries on; a job whose lease it lost is simply not acknowledged.
"""

import argparse
import logging
import os
import signal
import sys
import threading
import time
import traceback

from . import handlers, protocol
from .client import Client

log = logging.getLogger("jobq.worker")


class Heartbeat:
    """Renews one lease in the background until stopped."""

    def __init__(self, client, job, lease_ms):
        self.client = client
        self.job = job
        self.lease_ms = lease_ms
        self.interval = max(0.02, lease_ms / 1000 / 3)
        self.lost = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"hb-{job['id']}", daemon=True)

    def start(self):
        self._thread.start()
        return self

    def stop(self):
        self._stop.set()
        self._thread.join(timeout=5)

    def _run(self):
        while not self._stop.wait(self.interval):
            try:
                self.client.heartbeat(self.job["id"], self.job["token"], self.lease_ms)
            except protocol.RemoteError as exc:
                log.warning("lost lease on %s: %s", self.job["id"], exc)
                self.lost.set()
                return
            except OSError as exc:
                log.warning("heartbeat for %s failed: %s", self.job["id"], exc)


class Worker:
    def __init__(self, broker, worker_id, queues, *, lease_ms=30000, effects_dir=None,
                 wait_ms=1000, max_jobs=None):
        self.client = Client(broker, timeout=10.0)
        self.worker_id = worker_id
        self.queues = queues
        self.lease_ms = lease_ms
        self.wait_ms = wait_ms
        self.max_jobs = max_jobs
        self.effects_file = (os.path.join(effects_dir, f"{worker_id}.log")
                             if effects_dir else None)
        self.stopping = threading.Event()
        self.done = 0

    def run(self):
        backoff = 0.05
        while not self.stopping.is_set():
            if self.max_jobs is not None and self.done >= self.max_jobs:
                return
            try:
                job = self.client.lease(self.queues, worker=self.worker_id,
                                        lease_ms=self.lease_ms, wait_ms=self.wait_ms)
                backoff = 0.05
            except (OSError, ConnectionError) as exc:
                log.info("broker unreachable (%s); retrying in %.2fs", exc, backoff)
                self.client.close()
                self.stopping.wait(backoff)
                backoff = min(backoff * 2, 2.0)
                continue
            if job is not None:
                self.execute(job)

    def execute(self, job):
        context = {"job_id": job["id"], "attempt": job["attempt"], "worker": self.worker_id,
                   "effects_file": self.effects_file}
        beat = Heartbeat(self.client, job, self.lease_ms).start()
        try:
            result = handlers.run(job["payload"], context)
            failure = None
        except handlers.JobFailed as exc:
            result, failure = None, str(exc)
        except Exception:
            result, failure = None, traceback.format_exc(limit=3)
        finally:
            beat.stop()
        self.done += 1
        if beat.lost.is_set():
            log.warning("job %s finished after its lease was lost; not reporting", job["id"])
            return
        try:
            if failure is None:
                self.client.ack(job["id"], job["token"], result)
            else:
                self.client.fail(job["id"], job["token"], failure)
        except protocol.RemoteError as exc:
            log.warning("broker rejected the outcome of %s: %s", job["id"], exc)
        except (OSError, ConnectionError) as exc:
            log.warning("could not report %s: %s", job["id"], exc)
            self.client.close()


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python3 -m jobq.worker")
    parser.add_argument("--broker", default="127.0.0.1:7411")
    parser.add_argument("--id", default=f"worker-{os.getpid()}")
    parser.add_argument("--queues", default="default", help="comma-separated queue names")
    parser.add_argument("--lease-ms", type=int, default=30000)
    parser.add_argument("--effects", default=None, help="directory for effect logs")
    parser.add_argument("--max-jobs", type=int, default=None)
    parser.add_argument("--log-level", default="INFO")
    args = parser.parse_args(argv)
    logging.basicConfig(level=args.log_level.upper(),
                        format=f"%(asctime)s worker {args.id} %(levelname)s %(message)s")
    worker = Worker(args.broker, args.id, [q for q in args.queues.split(",") if q],
                    lease_ms=args.lease_ms, effects_dir=args.effects, max_jobs=args.max_jobs)

    def on_signal(signum, frame):
        worker.stopping.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    worker.run()
    worker.client.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
