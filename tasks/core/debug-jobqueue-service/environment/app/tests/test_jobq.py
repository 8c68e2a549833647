import json
import os
import socket
import subprocess
import sys
import time

import pytest

APP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, APP)

from jobq import protocol  # noqa: E402
from jobq.client import Client  # noqa: E402
from jobq.journal import Journal  # noqa: E402
from jobq.store import JobStore  # noqa: E402


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


@pytest.fixture
def store(tmp_path):
    journal = Journal(str(tmp_path))
    journal.open()
    yield JobStore(journal, lease_ms=1000)
    journal.close()


def test_priority_then_fifo(store):
    ids = [store.submit("q", {"n": n}, priority=p)[0].id for n, p in enumerate([0, 2, 2, 1, 0])]
    got = [store.lease(["q"], "w").id for _ in ids]
    assert got == [ids[1], ids[2], ids[3], ids[0], ids[4]]
    assert store.lease(["q"], "w") is None


def test_ack_and_status(store):
    job, created = store.submit("q", {"kind": "sum", "values": [1, 2]})
    assert created
    leased = store.lease(["q"], "w")
    store.ack(leased.id, leased.token, 3)
    assert store.status(job.id)["state"] == "done"
    assert store.status(job.id)["result"] == 3


def test_fail_retries_then_dead(store):
    job, _ = store.submit("q", {}, max_attempts=2)
    leased = store.lease(["q"], "w")
    store.fail(leased.id, leased.token, "boom")
    again = store.lease(["q"], "w", wait_ms=2000)
    assert again.id == job.id and again.attempts == 2
    store.fail(again.id, again.token, "boom")
    assert store.status(job.id)["state"] == "dead"


def test_idempotency_key(store):
    a, created_a = store.submit("q", {}, key="k1")
    b, created_b = store.submit("q", {}, key="k1")
    assert a.id == b.id and created_a and not created_b


def test_replay_after_clean_close(tmp_path):
    journal = Journal(str(tmp_path))
    journal.open()
    s = JobStore(journal)
    ids = [s.submit("q", {"n": n})[0].id for n in range(3)]
    leased = s.lease(["q"], "w")
    s.ack(leased.id, leased.token, "r")
    journal.close()
    journal2 = Journal(str(tmp_path))
    s2 = JobStore(journal2)
    s2.replay(journal2.records())
    journal2.open()
    assert s2.status(ids[0])["state"] == "done"
    assert [s2.lease(["q"], "w").id for _ in range(2)] == ids[1:]
    journal2.close()


def test_end_to_end(tmp_path):
    port = free_port()
    env = dict(os.environ, PYTHONPATH=APP)
    broker = subprocess.Popen([sys.executable, "-m", "jobq.broker", "--port", str(port),
                               "--data", str(tmp_path / "data"), "--log-level", "WARNING"],
                              env=env)
    worker = None
    try:
        client = Client(f"127.0.0.1:{port}", retries=50, retry_delay=0.1)
        client.ping()
        worker = subprocess.Popen([sys.executable, "-m", "jobq.worker", "--broker",
                                   f"127.0.0.1:{port}", "--id", "w1", "--log-level", "WARNING"],
                                  env=env)
        jid = client.submit({"kind": "sum", "values": [4, 5, 6]})
        assert client.wait_for(jid, timeout=20)["result"] == 15
        jid = client.submit({"kind": "flaky", "fail_times": 1, "value": "ok"})
        job = client.wait_for(jid, timeout=20)
        assert job["result"] == "ok" and job["attempts"] == 2
        with pytest.raises(protocol.RemoteError):
            client.ack(jid, "nope", None)
        client.close()
    finally:
        for proc in (worker, broker):
            if proc is not None:
                proc.terminate()
                proc.wait(timeout=10)
