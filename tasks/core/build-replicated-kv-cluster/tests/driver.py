"""Acceptance driver for the replicated KV cluster: runs AS THE AGENT.

Starts three nodes with the agent's /app/start-node, puts a TCP proxy (run here) on every
directed peer link so it can cut links, runs a randomised client workload while it kills,
restarts and partitions nodes, and prints the history and observations as one JSON line
prefixed by a nonce. It judges nothing: the root grader (grade.py) checks the history.
Input on stdin: {"seed": int, "nonce": str}.
"""

import json
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

START_NODE = os.environ.get("KV_START_NODE", "/app/start-node")
IDS = ["n1", "n2", "n3"]
ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
BUDGET = 220.0        # seconds for the whole run; later scenarios are skipped
OP_TIMEOUT = 6.0       # one client operation, all retries included
ATTEMPT_TIMEOUT = 5.0  # one request to one node


def make_plan(seed):
    rng = random.Random(seed)
    return {
        "seed": seed,
        "rolling": [(rng.choice(IDS), round(rng.uniform(0.8, 1.6), 2)) for _ in range(3)],
        "minority_keep": rng.choice(IDS),
        "value_salt": rng.getrandbits(40),
        "full_restart_pause": round(rng.uniform(0.3, 1.0), 2),
    }


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


class Link:
    """A proxy for the peer link src -> dst: listens on its own port, forwards to dst."""

    def __init__(self, target_port):
        self.target = target_port
        self.blocked = False
        self.conns = set()
        self.bytes = 0
        self.lock = threading.Lock()
        self.server = socket.create_server(("127.0.0.1", 0), backlog=64)
        self.port = self.server.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                a, _ = self.server.accept()
            except OSError:
                return
            if self.blocked:
                a.close()
                continue
            try:
                b = socket.create_connection(("127.0.0.1", self.target), timeout=1)
                b.settimeout(None)
            except OSError:
                a.close()
                continue
            with self.lock:
                self.conns.add(a)
                self.conns.add(b)
            threading.Thread(target=self._pump, args=(a, b), daemon=True).start()
            threading.Thread(target=self._pump, args=(b, a), daemon=True).start()

    def _pump(self, src, dst):
        try:
            while True:
                data = src.recv(65536)
                if not data or self.blocked:
                    break
                self.bytes += len(data)
                dst.sendall(data)
        except OSError:
            pass
        for s in (src, dst):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            try:
                s.close()
            except OSError:
                pass
        with self.lock:
            self.conns.discard(src)
            self.conns.discard(dst)

    def set_blocked(self, blocked):
        self.blocked = blocked
        if blocked:
            with self.lock:
                conns = list(self.conns)
            for s in conns:
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass


class Cluster:
    def __init__(self, base, name):
        self.tag = f"{name}-{os.getpid()}-{random.getrandbits(48):x}"
        self.dir = os.path.join(base, name)
        os.makedirs(self.dir)
        self.client_port = {i: free_port() for i in IDS}
        self.peer_port = {i: free_port() for i in IDS}
        self.links = {(a, b): Link(self.peer_port[b]) for a in IDS for b in IDS if a != b}
        self.procs = {}
        self.log = open(os.path.join(self.dir, "nodes.log"), "ab")
        self.cfg_path = {}
        for i in IDS:
            cfg = {"id": i, "client_listen": f"127.0.0.1:{self.client_port[i]}",
                   "peer_listen": f"127.0.0.1:{self.peer_port[i]}",
                   "data_dir": os.path.join(self.dir, f"data-{i}"),
                   "peers": {j: f"127.0.0.1:{self.links[(i, j)].port}" for j in IDS if j != i}}
            self.cfg_path[i] = os.path.join(self.dir, f"{i}.json")
            with open(self.cfg_path[i], "w") as f:
                json.dump(cfg, f, indent=1)

    def start(self, i):
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": os.environ.get("HOME", "/tmp"),
               "LANG": "C.UTF-8", "KV_ACCEPT_TAG": f"{self.tag}-{i}"}
        self.procs[i] = subprocess.Popen([START_NODE, self.cfg_path[i]], cwd=self.dir, env=env,
                                         stdin=subprocess.DEVNULL, stdout=self.log,
                                         stderr=self.log, start_new_session=True)

    def kill(self, i):
        p = self.procs.get(i)
        if p is not None and p.poll() is None:
            try:
                os.killpg(p.pid, signal.SIGKILL)
            except OSError:
                pass
            p.wait()
        sweep(f"{self.tag}-{i}")

    def isolate(self, i, cut=True):
        for (a, b), link in self.links.items():
            if i in (a, b):
                link.set_blocked(cut)

    def stop(self):
        for i in IDS:
            self.kill(i)
        for link in self.links.values():
            link.set_blocked(True)
            try:
                link.server.close()
            except OSError:
                pass


def sweep(tag):
    """kill -9 means the node is gone: also its children that left its process group."""
    needle = f"KV_ACCEPT_TAG={tag}".encode() + b"\0"
    for pid in os.listdir("/proc"):
        if not pid.isdigit() or int(pid) == os.getpid():
            continue
        try:
            with open(f"/proc/{pid}/environ", "rb") as f:
                if needle in f.read() + b"\0":
                    os.kill(int(pid), signal.SIGKILL)
        except OSError:
            pass


class History:
    def __init__(self):
        self.t0 = time.monotonic()
        self.ops = []
        self.lock = threading.Lock()
        self.events = []

    def now(self):
        return round(time.monotonic() - self.t0, 4)

    def add(self, op):
        with self.lock:
            self.ops.append(op)

    def event(self, what, **kw):
        with self.lock:
            self.events.append({"t": self.now(), "what": what, **kw})


class Client:
    """One logical client: a connection per node, retries across nodes."""

    def __init__(self, cluster, history, name, only=None):
        self.cl = cluster
        self.h = history
        self.name = name
        self.only = only
        self.conns = {}
        self.leader = None

    def _request(self, node, msg, timeout):
        c = self.conns.get(node)
        try:
            if c is None:
                s = socket.create_connection(("127.0.0.1", self.cl.client_port[node]),
                                             timeout=min(timeout, 1.0))
                s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                c = self.conns[node] = (s, s.makefile("rb"))
            c[0].settimeout(timeout)
            c[0].sendall((json.dumps(msg) + "\n").encode())
            line = c[1].readline()
            if not line:
                raise OSError("closed")
            reply = json.loads(line)
            if not isinstance(reply, dict):
                raise ValueError("not an object")
            return reply
        except (OSError, ValueError):
            if c is not None:
                try:
                    c[0].close()
                except OSError:
                    pass
            self.conns.pop(node, None)
            return None

    def op(self, msg, op_timeout=OP_TIMEOUT, attempt_timeout=ATTEMPT_TIMEOUT):
        """Returns (status, reply, node): status 'ok' | 'fail' (definitely not applied: no node
        took it) | 'info' (unknown)."""
        deadline = time.monotonic() + op_timeout
        uncertain = False
        tried = 0
        while time.monotonic() < deadline:
            if self.only:
                node = self.only
            elif self.leader in IDS:
                node = self.leader
            else:
                node = IDS[tried % len(IDS)]
            tried += 1
            left = deadline - time.monotonic()
            reply = self._request(node, msg, max(0.05, min(attempt_timeout, left)))
            if reply is None:
                uncertain = True
                self.leader = None
                time.sleep(0.05)
                continue
            if reply.get("ok") is True:
                self.leader = node
                return "ok", reply, node
            if reply.get("error") == "not_leader":
                hint = reply.get("leader")
                self.leader = hint if hint in IDS and hint != node else None
                if self.leader is None or self.only:
                    time.sleep(0.05)
                continue
            uncertain = True
            self.leader = None
            time.sleep(0.05)
        return ("info" if uncertain else "fail"), None, None

    def put(self, key, value, **kw):
        t0 = self.h.now()
        status, _, node = self.op({"op": "put", "key": key, "value": value}, **kw)
        self.h.add({"f": "put", "key": key, "value": value, "t0": t0, "t1": self.h.now(),
                    "status": status, "node": node, "client": self.name})
        return status

    def get(self, key, **kw):
        t0 = self.h.now()
        status, reply, node = self.op({"op": "get", "key": key}, **kw)
        value = None
        if status == "ok":
            value = reply.get("value")
            self.h.add({"f": "get", "key": key, "value": value, "t0": t0, "t1": self.h.now(),
                        "status": "ok", "node": node, "client": self.name})
        return status, value

    def local_get(self, node, key):
        reply = self._request(node, {"op": "get", "key": key, "local": True}, 2.0)
        if reply and reply.get("ok") is True:
            return True, reply.get("value")
        return False, None

    def close(self):
        for s, _ in self.conns.values():
            try:
                s.close()
            except OSError:
                pass
        self.conns.clear()


class Workload:
    """Writers own disjoint keys and write unique values in sequence; readers read anything."""

    def __init__(self, cluster, history, plan, tag, writers=3, readers=2, keys_per_writer=3):
        self.cl, self.h, self.plan, self.tag = cluster, history, plan, tag
        self.stop = threading.Event()
        self.keys = [[f"{tag}-w{w}-k{k}" for k in range(keys_per_writer)]
                     for w in range(writers)]
        self.all_keys = [k for ks in self.keys for k in ks]
        self.threads = []
        for w in range(writers):
            self.threads.append(threading.Thread(target=self._writer, args=(w,), daemon=True))
        for r in range(readers):
            self.threads.append(threading.Thread(target=self._reader, args=(r,), daemon=True))

    def start(self):
        for t in self.threads:
            t.start()
        return self

    def _writer(self, w):
        rng = random.Random(self.plan["seed"] * 7919 + w + hash(self.tag) % 1000)
        c = Client(self.cl, self.h, f"{self.tag}-writer{w}")
        n = 0
        while not self.stop.is_set():
            key = rng.choice(self.keys[w])
            n += 1
            pad = "".join(rng.choice(ALNUM) for _ in range(40))
            c.put(key, f"{key}={n}.{self.plan['value_salt'] ^ rng.getrandbits(32):x}.{pad}")
            time.sleep(rng.uniform(0.02, 0.06))
        c.close()

    def _reader(self, r):
        rng = random.Random(self.plan["seed"] * 104729 + r + hash(self.tag) % 1000)
        c = Client(self.cl, self.h, f"{self.tag}-reader{r}")
        while not self.stop.is_set():
            c.get(rng.choice(self.all_keys))
            time.sleep(rng.uniform(0.02, 0.06))
        c.close()

    def finish(self):
        self.stop.set()
        for t in self.threads:
            t.join(OP_TIMEOUT + 5)


def wait_ready(cl, h, timeout=20.0):
    c = Client(cl, h, "ready")
    deadline = time.monotonic() + timeout
    ok = False
    while time.monotonic() < deadline and not ok:
        ok = c.put("ready-probe", f"probe-{time.monotonic()}", op_timeout=3.0) == "ok"
    c.close()
    h.event("ready" if ok else "never-ready")
    return ok


def converge(cl, h, keys, nodes=IDS, timeout=15.0):
    """Linearizable read of every key, then poll each node's local state until it matches."""
    c = Client(cl, h, "final")
    final = {}
    reads_deadline = time.monotonic() + 20
    for k in keys:
        for _ in range(3):
            if time.monotonic() > reads_deadline:
                break
            status, value = c.get(k)
            if status == "ok":
                final[k] = value
                break
    deadline = time.monotonic() + timeout
    mismatched = {}
    while True:
        mismatched = {}
        for node in nodes:
            for k, v in final.items():
                okay, local = c.local_get(node, k)
                if not okay or local != v:
                    mismatched[f"{node}:{k}"] = [okay, local, v]
        if not mismatched or time.monotonic() > deadline:
            break
        time.sleep(0.25)
    c.close()
    return {"final_reads": len(final), "keys": len(keys),
            "diverged": dict(list(mismatched.items())[:5]), "n_diverged": len(mismatched)}


def leader_of(cl, h):
    """The node that takes a write now (found by writing)."""
    c = Client(cl, h, "probe")
    st, _, node = c.op({"op": "put", "key": "leader-probe", "value": f"p{time.monotonic()}"})
    c.close()
    return node if st == "ok" else None


# -- scenarios ------------------------------------------------------------------------------

def sc_basic(cl, h, plan, obs):
    for i in IDS:
        cl.start(i)
    obs["ready"] = wait_ready(cl, h)
    if not obs["ready"]:
        return
    wl = Workload(cl, h, plan, "basic").start()
    time.sleep(4)
    wl.finish()
    obs["converge"] = converge(cl, h, wl.all_keys)


def sc_leader_kill(cl, h, plan, obs):
    for i in IDS:
        cl.start(i)
    obs["ready"] = wait_ready(cl, h)
    if not obs["ready"]:
        return
    wl = Workload(cl, h, plan, "lk").start()
    time.sleep(1.5)
    leader = leader_of(cl, h)
    obs["killed"] = leader
    h.event("kill", node=leader)
    if leader:
        cl.kill(leader)
    obs["kill_t"] = h.now()
    time.sleep(4)
    h.event("restart", node=leader)
    if leader:
        cl.start(leader)
    obs["restart_t"] = h.now()
    time.sleep(3)
    wl.finish()
    obs["end_t"] = h.now()
    obs["converge"] = converge(cl, h, wl.all_keys)


def sc_rolling(cl, h, plan, obs):
    for i in IDS:
        cl.start(i)
    obs["ready"] = wait_ready(cl, h)
    if not obs["ready"]:
        return
    wl = Workload(cl, h, plan, "roll").start()
    obs["faults"] = []
    for node, down in plan["rolling"]:
        time.sleep(1.0)
        h.event("kill", node=node)
        cl.kill(node)
        t = h.now()
        time.sleep(down)
        cl.start(node)
        h.event("restart", node=node)
        obs["faults"].append([node, t, h.now()])
    time.sleep(3)
    obs["end_t"] = h.now()
    wl.finish()
    obs["converge"] = converge(cl, h, wl.all_keys)


def sc_full_restart(cl, h, plan, obs):
    for i in IDS:
        cl.start(i)
    obs["ready"] = wait_ready(cl, h)
    if not obs["ready"]:
        return
    wl = Workload(cl, h, plan, "full", writers=4, readers=1).start()
    time.sleep(2.5)
    h.event("kill-all")
    for i in IDS:
        cl.kill(i)
    obs["kill_t"] = h.now()
    time.sleep(plan["full_restart_pause"])
    for i in IDS:
        cl.start(i)
    h.event("restart-all")
    obs["restart_t"] = h.now()
    time.sleep(8)
    wl.finish()
    obs["end_t"] = h.now()
    obs["converge"] = converge(cl, h, wl.all_keys)


def sc_partition(cl, h, plan, obs):
    for i in IDS:
        cl.start(i)
    obs["ready"] = wait_ready(cl, h)
    if not obs["ready"]:
        return
    wl = Workload(cl, h, plan, "part").start()
    time.sleep(1.5)
    leader = leader_of(cl, h)
    obs["isolated"] = leader
    if leader:
        cl.isolate(leader, True)
    h.event("isolate", node=leader)
    obs["cut_t"] = h.now()
    # A client stuck with the old leader keeps writing and reading there.
    stale = {"acked": 0}
    stop = threading.Event()

    def stuck_client():
        c = Client(cl, h, "stuck", only=leader)
        n = 0
        while not stop.is_set():
            n += 1
            key = wl.keys[0][0] + "-stuck"
            if c.put(key, f"{key}={n}.{plan['value_salt']:x}", op_timeout=1.5,
                     attempt_timeout=1.5) == "ok":
                stale["acked"] += 1
            c.get(wl.keys[1][0], op_timeout=1.5, attempt_timeout=1.5)
            time.sleep(0.05)
        c.close()

    t = None
    if leader:
        t = threading.Thread(target=stuck_client, daemon=True)
        t.start()
    time.sleep(4.5)
    stop.set()
    if t:
        t.join(5)
    obs["heal_t"] = h.now()
    if leader:
        cl.isolate(leader, False)
    h.event("heal", node=leader)
    time.sleep(3)
    wl.finish()
    obs["end_t"] = h.now()
    keys = wl.all_keys + [wl.keys[0][0] + "-stuck"]
    obs["converge"] = converge(cl, h, keys)


def sc_minority(cl, h, plan, obs):
    for i in IDS:
        cl.start(i)
    obs["ready"] = wait_ready(cl, h)
    if not obs["ready"]:
        return
    c = Client(cl, h, "pre")
    for n in range(20):
        c.put(f"min-k{n % 5}", f"min-k{n % 5}={n}.{plan['value_salt']:x}")
    c.close()
    keep = plan["minority_keep"]
    for i in IDS:
        if i != keep:
            cl.kill(i)
    h.event("kill-two", kept=keep)
    obs["kill_t"] = h.now()
    lone = Client(cl, h, "lone", only=keep)
    for n in range(6):
        lone.put(f"min-k{n % 5}", f"min-k{n % 5}=lone{n}.{plan['value_salt']:x}",
                 op_timeout=1.0, attempt_timeout=1.0)
    lone.close()
    obs["restart_t"] = h.now()
    for i in IDS:
        if i != keep:
            cl.start(i)
    h.event("restart-two")
    c = Client(cl, h, "post")
    for n in range(20, 40):
        c.put(f"min-k{n % 5}", f"min-k{n % 5}={n}.{plan['value_salt']:x}", op_timeout=10)
        c.get(f"min-k{(n + 2) % 5}")
    c.close()
    obs["end_t"] = h.now()
    obs["converge"] = converge(cl, h, [f"min-k{n}" for n in range(5)])


SCENARIOS = [("basic", sc_basic), ("leader_kill", sc_leader_kill), ("rolling", sc_rolling),
             ("full_restart", sc_full_restart), ("partition", sc_partition),
             ("minority", sc_minority)]


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
    plan = make_plan(cfg["seed"])
    only = cfg.get("only")
    base = tempfile.mkdtemp(prefix="kv-accept-", dir=os.getcwd())
    out = {}
    started = time.monotonic()
    for name, fn in SCENARIOS:
        if only and name not in only:
            continue
        if time.monotonic() - started > BUDGET:
            out[name] = {"error": "skipped: the run's time budget was used up", "history": []}
            continue
        cl = Cluster(base, name)
        h = History()
        obs = {}
        t0 = time.monotonic()
        try:
            fn(cl, h, plan, obs)
        except Exception as exc:
            obs["error"] = f"{type(exc).__name__}: {exc}"[:400]
        finally:
            cl.stop()
        obs["peer_bytes"] = sum(link.bytes for link in cl.links.values())
        obs["history"] = h.ops
        obs["events"] = h.events
        obs["sec"] = round(time.monotonic() - t0, 2)
        out[name] = obs
    sys.stdout.write(cfg["nonce"] + " " + json.dumps(out) + "\n")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
