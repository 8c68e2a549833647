"""Acceptance driver for jobq: runs AS THE AGENT, starts the agent's broker and workers on
loopback, drives scenarios over the wire protocol and prints what it observed as one JSON line
(prefixed by a nonce). It holds no expected values: the root grader (grade.py) checks the
observations. Input on stdin: {"seed": int, "nonce": str}.
"""

import json
import os
import random
import signal
import socket
import string
import subprocess
import sys
import tempfile
import threading
import time

APP = os.environ.get("JOBQ_APP", "/app")


def make_workload(seed):
    """Everything random in a run, derived from the seed (grade.py recomputes it)."""
    rng = random.Random(seed)
    word = lambda n: "".join(rng.choice(string.ascii_letters + string.digits) for _ in range(n))
    basic = []
    for i in range(48):
        kind = rng.choice(["sum", "sha256", "flaky"])
        if kind == "sum":
            basic.append({"kind": "sum", "values": [rng.randint(-10**6, 10**6)
                                                   for _ in range(rng.randint(1, 12))]})
        elif kind == "sha256":
            basic.append({"kind": "sha256", "text": word(rng.randint(3, 40)),
                          "rounds": rng.randint(1, 60)})
        else:
            basic.append({"kind": "flaky", "fail_times": rng.randint(0, 2), "value": word(10)})
    crash = [{"kind": "sleep", "ms": rng.randint(150, 350), "value": word(12)} for _ in range(24)]
    long = [{"kind": "effect", "ms": rng.randint(2600, 3200), "value": word(12)} for _ in range(6)]
    restart = [{"priority": rng.randint(0, 3), "value": word(8),
                "key": (f"k-{word(6)}" if rng.random() < 0.3 else None)} for _ in range(40)]
    return {
        "basic": basic, "crash": crash, "long": long, "restart": restart,
        "stale_results": [word(10), word(10)],
        "kill_after": [round(rng.uniform(0.5, 0.9), 3), round(rng.uniform(1.2, 1.6), 3)],
        "load_values": [[rng.randint(0, 999) for _ in range(rng.randint(1, 40))]
                        for _ in range(16 * 60)],
        "restart_acks": [word(8), word(8)],
    }


# -- plumbing -------------------------------------------------------------------------------

class Conn:
    """A raw protocol connection (the driver's own; it does not use the agent's client)."""

    def __init__(self, port, timeout=5.0):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.rfile = self.sock.makefile("rb")
        self.timeout = timeout

    def call(self, op, timeout=None, **fields):
        self.sock.settimeout(timeout or self.timeout)
        self.sock.sendall((json.dumps({"op": op, **fields}) + "\n").encode())
        line = self.rfile.readline()
        if not line:
            raise ConnectionError("connection closed")
        reply = json.loads(line)
        if not isinstance(reply, dict):
            raise ValueError("reply is not an object")
        return reply

    def close(self):
        try:
            self.rfile.close()
            self.sock.close()
        except OSError:
            pass


_PORTS = random.Random()
_USED = set()


def free_port():
    """A free port below the ephemeral range (32768+), so that no outgoing connection's local
    port can take it while a killed process is down and about to listen on it again."""
    lo, _ = 32768, 0
    try:
        with open("/proc/sys/net/ipv4/ip_local_port_range") as f:
            lo = int(f.read().split()[0])
    except (OSError, ValueError, IndexError):
        pass
    for _ in range(500):
        port = _PORTS.randint(max(1024, lo - 12000), lo - 1)
        if port in _USED:
            continue
        s = socket.socket()
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            continue
        finally:
            s.close()
        _USED.add(port)
        return port
    raise RuntimeError("no free port")


class Cluster:
    def __init__(self, base, name):
        self.dir = os.path.join(base, name)
        os.makedirs(self.dir)
        self.data = os.path.join(self.dir, "data")
        self.effects = os.path.join(self.dir, "effects")
        os.makedirs(self.effects)
        self.port = free_port()
        self.env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "PYTHONPATH": APP,
                    "HOME": os.environ.get("HOME", "/tmp"), "LANG": "C.UTF-8"}
        self.broker = None
        self.workers = {}
        self.log = open(os.path.join(self.dir, "log.txt"), "ab")

    def spawn(self, args):
        return subprocess.Popen(["python3", *args], cwd=self.dir, env=self.env,
                                stdin=subprocess.DEVNULL, stdout=self.log, stderr=self.log,
                                start_new_session=True)

    def start_broker(self, lease_ms=30000, compact_every=5000):
        self.broker = self.spawn(["-m", "jobq.broker", "--port", str(self.port), "--data",
                                  self.data, "--lease-ms", str(lease_ms), "--compact-every",
                                  str(compact_every), "--log-level", "WARNING"])
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            if self.broker.poll() is not None:
                raise RuntimeError(f"broker exited with {self.broker.returncode}")
            try:
                c = Conn(self.port, timeout=2)
                r = c.call("ping")
                c.close()
                if r.get("ok"):
                    return
            except (OSError, ValueError):
                pass
            time.sleep(0.05)
        raise RuntimeError("broker did not answer ping")

    def start_worker(self, name, queues, lease_ms=30000):
        self.workers[name] = self.spawn(["-m", "jobq.worker", "--broker",
                                         f"127.0.0.1:{self.port}", "--id", name, "--queues",
                                         queues, "--lease-ms", str(lease_ms), "--effects",
                                         self.effects, "--log-level", "WARNING"])

    def kill(self, proc):
        if proc is not None and proc.poll() is None:
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except OSError:
                pass
            proc.wait()

    def stop(self):
        for proc in [*self.workers.values(), self.broker]:
            self.kill(proc)


def submit_all(port, queue, payloads, **extra):
    c = Conn(port)
    ids = []
    for p in payloads:
        r = c.call("submit", queue=queue, payload=p, **extra)
        ids.append(r.get("id") if r.get("ok") else None)
    c.close()
    return ids


def wait_states(port, ids, timeout):
    """Poll until every job is finished (done/dead/cancelled) or the timeout; return statuses."""
    c = Conn(port)
    deadline = time.monotonic() + timeout
    status = {}
    while True:
        for i in ids:
            if i is None or status.get(i, {}).get("state") in ("done", "dead", "cancelled"):
                continue
            r = c.call("status", id=i)
            status[i] = r.get("job") or {"state": "missing"}
        if all(i is None or status[i].get("state") in ("done", "dead", "cancelled")
               for i in ids) or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    c.close()
    return [None if i is None else {"state": status[i].get("state"),
                                    "result": status[i].get("result"),
                                    "attempts": status[i].get("attempts")} for i in ids]


# -- scenarios ------------------------------------------------------------------------------

def scenario_basic(base, w):
    cl = Cluster(base, "basic")
    try:
        cl.start_broker(lease_ms=5000)
        for n in range(3):
            cl.start_worker(f"b{n}", "basic", lease_ms=5000)
        ids = [None] * len(w["basic"])
        def part(k):
            c = Conn(cl.port)
            for i in range(k, len(ids), 4):
                r = c.call("submit", queue="basic", payload=w["basic"][i], max_attempts=3)
                ids[i] = r.get("id") if r.get("ok") else None
            c.close()
        threads = [threading.Thread(target=part, args=(k,)) for k in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        return {"jobs": wait_states(cl.port, ids, 30)}
    finally:
        cl.stop()


def scenario_crash(base, w):
    cl = Cluster(base, "crash")
    try:
        cl.start_broker(lease_ms=30000)
        ids = submit_all(cl.port, "crash", w["crash"], max_attempts=5)
        for n in range(3):
            cl.start_worker(f"c{n}", "crash", lease_ms=30000)
        t0 = time.monotonic()
        killed = 0
        for n, at in enumerate(w["kill_after"]):
            time.sleep(max(0, t0 + at - time.monotonic()))
            cl.kill(cl.workers[f"c{n}"])
            killed += 1
            cl.start_worker(f"c{n}-r", "crash", lease_ms=30000)
        jobs = wait_states(cl.port, ids, 20)
        return {"jobs": jobs, "killed": killed, "elapsed": round(time.monotonic() - t0, 2)}
    finally:
        cl.stop()


def scenario_long(base, w):
    cl = Cluster(base, "long")
    try:
        cl.start_broker(lease_ms=1000)
        ids = submit_all(cl.port, "long", w["long"], max_attempts=10)
        for n in range(6):
            cl.start_worker(f"l{n}", "long", lease_ms=1000)
        jobs = wait_states(cl.port, ids, 30)
        time.sleep(0.3)
        runs = {}
        for name in os.listdir(cl.effects):
            with open(os.path.join(cl.effects, name)) as f:
                for line in f:
                    parts = line.split()
                    if parts:
                        runs[parts[0]] = runs.get(parts[0], 0) + 1
        return {"jobs": jobs, "runs": [runs.get(i, 0) if i else 0 for i in ids]}
    finally:
        cl.stop()


def scenario_stale(base, w):
    cl = Cluster(base, "stale")
    obs = {}
    try:
        cl.start_broker(lease_ms=30000)
        c = Conn(cl.port)
        jid = c.call("submit", queue="s", payload={"kind": "sleep", "ms": 0})["id"]
        jid2 = c.call("submit", queue="s2", payload={"kind": "sleep", "ms": 0})["id"]
        a, b = Conn(cl.port), Conn(cl.port)
        la = a.call("lease", queues=["s"], worker="A", lease_ms=300).get("job") or {}
        obs["a_got"] = la.get("id") == jid
        time.sleep(0.8)
        lb = b.call("lease", queues=["s"], worker="B", lease_ms=30000).get("job") or {}
        obs["b_got"] = lb.get("id") == jid
        obs["tokens_differ"] = bool(la.get("token")) and la.get("token") != lb.get("token")
        obs["b_attempt"] = lb.get("attempt")
        r = a.call("ack", id=jid, token=la.get("token"), result=w["stale_results"][0])
        obs["stale_ack"] = [r.get("ok"), r.get("error")]
        r = a.call("heartbeat", id=jid, token=la.get("token"))
        obs["stale_heartbeat"] = [r.get("ok"), r.get("error")]
        st = c.call("status", id=jid).get("job") or {}
        obs["state_after_stale"] = st.get("state")
        r = b.call("ack", id=jid, token=lb.get("token"), result=w["stale_results"][1])
        obs["fresh_ack"] = r.get("ok")
        st = c.call("status", id=jid).get("job") or {}
        obs["final"] = [st.get("state"), st.get("result")]
        # a lease kept alive by heartbeats must not be handed to anyone else
        d, e = Conn(cl.port), Conn(cl.port)
        ld = d.call("lease", queues=["s2"], worker="D", lease_ms=1000).get("job") or {}
        stolen = False
        beats_ok = True
        for _ in range(16):
            time.sleep(0.1)
            hb = d.call("heartbeat", id=jid2, token=ld.get("token"), lease_ms=1000)
            beats_ok = beats_ok and bool(hb.get("ok"))
            le = e.call("lease", queues=["s2"], worker="E", lease_ms=1000)
            if (le.get("job") or {}).get("id") == jid2:
                stolen = True
        obs["hb_kept"] = [ld.get("id") == jid2, beats_ok, stolen]
        r = d.call("ack", id=jid2, token=ld.get("token"), result="kept")
        obs["hb_ack"] = r.get("ok")
        for x in (a, b, c, d, e):
            x.close()
        return obs
    finally:
        cl.stop()


def scenario_load(base, w):
    cl = Cluster(base, "load")
    try:
        cl.start_broker(lease_ms=30000, compact_every=40)
        values = w["load_values"]
        nthreads = 16
        per = len(values) // nthreads
        submitted = [None] * len(values)
        problems = {"timeouts": 0, "errors": 0, "bad_payload": 0, "acks": 0}
        lock = threading.Lock()

        def run(k):
            rng = random.Random(k)
            try:
                c = Conn(cl.port, timeout=8)
            except OSError:
                with lock:
                    problems["errors"] += 1
                return
            try:
                for n in range(per):
                    i = k * per + n
                    r = c.call("submit", queue="load", payload={"kind": "sum", "values": values[i],
                                                               "i": i})
                    if not r.get("ok"):
                        with lock:
                            problems["errors"] += 1
                        continue
                    submitted[i] = r["id"]
                    if n % 3 == 0:
                        c.call("stats")
                    prev = submitted[k * per + rng.randrange(n + 1)]
                    if prev:
                        c.call("status", id=prev)
                    r = c.call("lease", queues=["load"], worker=f"t{k}", wait_ms=0,
                               lease_ms=rng.choice([30000, 30000, 30000, 40]))
                    job = r.get("job")
                    if job:
                        p = job["payload"]
                        if values[p["i"]] != p["values"]:
                            with lock:
                                problems["bad_payload"] += 1
                        a = c.call("ack", id=job["id"], token=job["token"],
                                   result=sum(p["values"]))
                        outcome = ("acks" if a.get("ok") else "stale_acks"
                                   if a.get("error") == "stale_lease" else "errors")
                        with lock:
                            problems[outcome] = problems.get(outcome, 0) + 1
            except socket.timeout:
                with lock:
                    problems["timeouts"] += 1
            except (OSError, ValueError, KeyError, TypeError):
                with lock:
                    problems["errors"] += 1
            finally:
                c.close()

        t0 = time.monotonic()
        threads = [threading.Thread(target=run, args=(k,), daemon=True) for k in range(nthreads)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        elapsed = time.monotonic() - t0
        obs = dict(problems, elapsed=round(elapsed, 2))
        try:
            c = Conn(cl.port, timeout=8)
            while True:  # drain
                job = c.call("lease", queues=["load"], worker="drain").get("job")
                if not job:
                    break
                c.call("ack", id=job["id"], token=job["token"], result=sum(job["payload"]["values"]))
            wrong = 0
            for i, jid in enumerate(submitted):
                st = c.call("status", id=jid).get("job") if jid else None
                if not st or st.get("state") != "done" or st.get("result") != sum(values[i]):
                    wrong += 1
            obs["not_done_or_wrong"] = wrong
            obs["compactions"] = c.call("stats").get("compactions")
            c.close()
        except (OSError, ValueError, KeyError, TypeError) as exc:
            obs["after"] = f"broker unresponsive after load: {exc!r}"
        return obs
    finally:
        cl.stop()


def fd_count(pid):
    try:
        return len(os.listdir(f"/proc/{pid}/fd"))
    except OSError:
        return None


def scenario_fds(base, w):
    cl = Cluster(base, "fds")
    try:
        cl.start_broker()
        c = Conn(cl.port)
        c.call("ping")
        time.sleep(0.3)
        before = fd_count(cl.broker.pid)
        for n in range(240):
            s = socket.create_connection(("127.0.0.1", cl.port), timeout=5)
            kind = n % 3
            if kind == 0:
                s.sendall(b'{"op": "submit", "queue": \n')  # malformed line
                try:
                    s.recv(4096)
                except OSError:
                    pass
                s.close()
            elif kind == 1:
                s.sendall(b'{"op":"stats"}\n{"op":"pi')  # reset mid-request
                time.sleep(0.002)
                s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
                s.close()
            else:
                s.sendall(b'{"op":"ping"}\n')
                try:
                    s.recv(4096)
                except OSError:
                    pass
                s.close()
        time.sleep(1.0)
        after = fd_count(cl.broker.pid)
        alive = c.call("ping").get("ok")
        conns = c.call("stats").get("connections")
        c.close()
        return {"before": before, "after": after, "alive": alive, "connections": conns}
    finally:
        cl.stop()


def scenario_restart(base, w):
    cl = Cluster(base, "restart")
    obs = {}
    try:
        cl.start_broker(compact_every=25)
        jobs = w["restart"]
        c = Conn(cl.port)
        ids = []
        for i, j in enumerate(jobs[:36]):
            extra = {"key": j["key"]} if j["key"] else {}
            r = c.call("submit", queue="r", priority=j["priority"],
                       payload={"kind": "sleep", "ms": 0, "value": j["value"], "i": i}, **extra)
            ids.append(r.get("id"))
        l = Conn(cl.port)
        leased = []
        for _ in range(3):
            job = l.call("lease", queues=["r"], worker="L").get("job") or {}
            leased.append([job.get("id"), job.get("token")])
        for (jid, tok), res in zip(leased[:2], w["restart_acks"]):
            l.call("ack", id=jid, token=tok, result=res)
        for i, j in enumerate(jobs[36:], 36):
            extra = {"key": j["key"]} if j["key"] else {}
            r = c.call("submit", queue="r", priority=j["priority"],
                       payload={"kind": "sleep", "ms": 0, "value": j["value"], "i": i}, **extra)
            ids.append(r.get("id"))
        cl.kill(cl.broker)              # kill -9 right after the last acknowledged submit
        c.close()
        l.close()
        cl.start_broker(compact_every=25)
        c = Conn(cl.port)
        index = {jid: i for i, jid in enumerate(ids)}
        obs["leased_before"] = [index.get(jid) for jid, _ in leased]
        sts = []
        for jid in ids:
            st = c.call("status", id=jid).get("job") if jid else None
            sts.append(None if not st else [st.get("state"), st.get("result"), st.get("attempts")])
        obs["status_after_restart"] = sts
        keyed = [(i, j["key"]) for i, j in enumerate(jobs) if j["key"]]
        obs["resubmit_same_id"] = [
            c.call("submit", queue="r", key=k, payload={"kind": "sleep", "ms": 0},
                   priority=jobs[i]["priority"]).get("id") == ids[i] for i, k in keyed]
        order = []
        attempts = {}
        for _ in range(len(ids) + 5):
            job = c.call("lease", queues=["r"], worker="R").get("job")
            if not job:
                break
            order.append(index.get(job["id"], -1))
            attempts[index.get(job["id"], -1)] = job.get("attempt")
            c.call("ack", id=job["id"], token=job["token"], result=job["payload"].get("value"))
        obs["order_after_restart"] = order
        obs["attempt_of_unacked"] = attempts.get(index.get(leased[2][0]))
        fresh = c.call("submit", queue="r", payload={"kind": "sleep", "ms": 0}).get("id")
        obs["fresh_id_unique"] = fresh is not None and fresh not in ids
        c.close()
        return obs
    finally:
        cl.stop()


SCENARIOS = [("basic", scenario_basic), ("crash", scenario_crash), ("long", scenario_long),
             ("stale", scenario_stale), ("load", scenario_load), ("fds", scenario_fds),
             ("restart", scenario_restart)]


def harden():
    """Make this process non-dumpable: the service's processes (same user) then cannot ptrace
    it or read its memory or descriptors through /proc, so they cannot forge its report."""
    try:
        import ctypes
        ctypes.CDLL(None, use_errno=True).prctl(4, 0, 0, 0, 0)  # PR_SET_DUMPABLE, 0
    except (OSError, AttributeError):
        pass


def main():
    harden()
    cfg = json.loads(sys.stdin.read())
    w = make_workload(cfg["seed"])
    base = tempfile.mkdtemp(prefix="jobq-accept-", dir=os.getcwd())
    out = {}
    for name, fn in SCENARIOS:
        t0 = time.monotonic()
        try:
            out[name] = fn(base, w)
        except Exception as exc:  # the agent's service misbehaved: record, go on
            out[name] = {"error": f"{type(exc).__name__}: {exc}"[:500]}
        out[name + "_sec"] = round(time.monotonic() - t0, 2)
    sys.stdout.write(cfg["nonce"] + " " + json.dumps(out) + "\n")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
