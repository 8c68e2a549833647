"""Reference node: Raft (leader election + log replication) over JSON lines on TCP.

    python3 node.py CONFIG_PATH

Persistent state in DATA_DIR: meta.json (current term, vote) and log.jsonl (entries). Reads go
through the log (a no-op read entry is committed before answering), so they are linearizable.
"""

import json
import os
import random
import socket
import sys
import threading
import time

HEARTBEAT = 0.06
ELECTION_MIN, ELECTION_MAX = 0.35, 0.7
RPC_TIMEOUT = 0.4
CLIENT_WAIT = 4.0
BATCH = 256


def parse_addr(text):
    host, _, port = text.rpartition(":")
    return host, int(port)


def send_line(sock, obj):
    sock.sendall((json.dumps(obj, separators=(",", ":")) + "\n").encode())


class Peer:
    """One outgoing connection to a peer (through whatever address the config gives)."""

    def __init__(self, pid, addr):
        self.id = pid
        self.addr = parse_addr(addr)
        self.lock = threading.Lock()
        self.sock = None
        self.rfile = None

    def close(self):
        for c in (self.rfile, self.sock):
            try:
                if c is not None:
                    c.close()
            except OSError:
                pass
        self.sock = self.rfile = None

    def call(self, msg, timeout=RPC_TIMEOUT):
        with self.lock:
            try:
                if self.sock is None:
                    self.sock = socket.create_connection(self.addr, timeout=timeout)
                    self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                    self.rfile = self.sock.makefile("rb")
                self.sock.settimeout(timeout)
                send_line(self.sock, msg)
                line = self.rfile.readline()
                if not line:
                    raise OSError("closed")
                return json.loads(line)
            except (OSError, ValueError):
                self.close()
                return None


class Storage:
    def __init__(self, data_dir):
        self.dir = data_dir
        os.makedirs(data_dir, exist_ok=True)
        self.meta_path = os.path.join(data_dir, "meta.json")
        self.log_path = os.path.join(data_dir, "log.jsonl")
        self.term, self.voted_for = 0, None
        if os.path.exists(self.meta_path):
            with open(self.meta_path) as f:
                meta = json.load(f)
            self.term, self.voted_for = meta["term"], meta["voted_for"]
        self.log = [{"term": 0, "cmd": None}]   # index 0 is a sentinel
        if os.path.exists(self.log_path):
            with open(self.log_path, "rb") as f:
                data = f.read()
            lines = data.split(b"\n")
            for line in lines:
                if not line.strip():
                    continue
                try:
                    self.log.append(json.loads(line))
                except ValueError:
                    break  # torn tail
            self._rewrite()
        self.file = open(self.log_path, "ab")

    def save_meta(self):
        tmp = self.meta_path + ".tmp"
        with open(tmp, "w") as f:
            json.dump({"term": self.term, "voted_for": self.voted_for}, f)
        os.replace(tmp, self.meta_path)

    def _rewrite(self):
        tmp = self.log_path + ".tmp"
        with open(tmp, "wb") as f:
            for e in self.log[1:]:
                f.write((json.dumps(e, separators=(",", ":")) + "\n").encode())
        os.replace(tmp, self.log_path)

    def append(self, entries):
        self.log.extend(entries)
        self.file.write(b"".join((json.dumps(e, separators=(",", ":")) + "\n").encode()
                                 for e in entries))
        self.file.flush()

    def truncate(self, index):
        """Drop entries at index and after."""
        del self.log[index:]
        self.file.close()
        self._rewrite()
        self.file = open(self.log_path, "ab")


class Node:
    def __init__(self, cfg):
        self.id = cfg["id"]
        self.cfg = cfg
        self.peers = {pid: Peer(pid, addr) for pid, addr in cfg["peers"].items()}
        self.store = Storage(cfg["data_dir"])
        self.lock = threading.RLock()
        self.changed = threading.Condition(self.lock)
        self.role = "follower"
        self.leader = None
        self.commit = 0
        self.applied = 0
        self.kv = {}
        self.next_index = {}
        self.match_index = {}
        self.deadline = self._new_deadline()
        self.repl_wake = {pid: threading.Event() for pid in self.peers}

    # -- helpers (lock held) ----------------------------------------------------------------

    def _new_deadline(self):
        return time.monotonic() + random.uniform(ELECTION_MIN, ELECTION_MAX)

    def _last(self):
        return len(self.store.log) - 1, self.store.log[-1]["term"]

    def _step_down(self, term):
        if term > self.store.term:
            self.store.term = term
            self.store.voted_for = None
            self.store.save_meta()
        if self.role != "follower":
            self.role = "follower"
            self.changed.notify_all()

    def _apply(self):
        while self.applied < self.commit:
            self.applied += 1
            cmd = self.store.log[self.applied]["cmd"]
            if cmd and cmd.get("op") == "put":
                self.kv[cmd["key"]] = cmd["value"]
        self.changed.notify_all()

    def _majority(self):
        return (len(self.peers) + 1) // 2 + 1

    def _advance_commit(self):
        last, _ = self._last()
        for n in range(last, self.commit, -1):
            if self.store.log[n]["term"] != self.store.term:
                break
            votes = 1 + sum(1 for m in self.match_index.values() if m >= n)
            if votes >= self._majority():
                self.commit = n
                self._apply()
                break

    # -- RPC handlers ------------------------------------------------------------------------

    def on_vote(self, m):
        with self.lock:
            if m["term"] > self.store.term:
                self._step_down(m["term"])
                self.leader = None
            granted = False
            last, last_term = self._last()
            up_to_date = (m["last_term"], m["last_index"]) >= (last_term, last)
            if (m["term"] == self.store.term and up_to_date
                    and self.store.voted_for in (None, m["candidate"])):
                self.store.voted_for = m["candidate"]
                self.store.save_meta()
                granted = True
                self.deadline = self._new_deadline()
            return {"term": self.store.term, "granted": granted}

    def on_append(self, m):
        with self.lock:
            if m["term"] < self.store.term:
                return {"term": self.store.term, "success": False}
            self._step_down(m["term"])
            self.leader = m["leader"]
            self.deadline = self._new_deadline()
            prev = m["prev_index"]
            log = self.store.log
            if prev >= len(log):
                return {"term": self.store.term, "success": False, "hint": len(log)}
            if log[prev]["term"] != m["prev_term"]:
                bad = log[prev]["term"]
                k = prev
                while k > 1 and log[k - 1]["term"] == bad:
                    k -= 1
                return {"term": self.store.term, "success": False, "hint": max(1, k)}
            entries = m["entries"]
            i = prev + 1
            for j, e in enumerate(entries):
                if i + j < len(log):
                    if log[i + j]["term"] != e["term"]:
                        self.store.truncate(i + j)
                        self.store.append(entries[j:])
                        break
                else:
                    self.store.append(entries[j:])
                    break
            match = prev + len(entries)
            if m["commit"] > self.commit:
                self.commit = min(m["commit"], match)
                self._apply()
            return {"term": self.store.term, "success": True, "match": match}

    # -- leader side ---------------------------------------------------------------------------

    def replicate(self, pid):
        peer = self.peers[pid]
        while True:
            self.repl_wake[pid].wait(HEARTBEAT)
            self.repl_wake[pid].clear()
            with self.lock:
                if self.role != "leader":
                    continue
                term = self.store.term
                nxt = self.next_index[pid]
                prev = nxt - 1
                msg = {"type": "append", "term": term, "leader": self.id, "prev_index": prev,
                       "prev_term": self.store.log[prev]["term"],
                       "entries": self.store.log[nxt:nxt + BATCH], "commit": self.commit}
            reply = peer.call(msg)
            if reply is None:
                continue
            with self.lock:
                if reply["term"] > self.store.term:
                    self._step_down(reply["term"])
                    self.leader = None
                    self.deadline = self._new_deadline()
                    continue
                if self.role != "leader" or self.store.term != term:
                    continue
                if reply["success"]:
                    self.match_index[pid] = max(self.match_index[pid], reply["match"])
                    self.next_index[pid] = self.match_index[pid] + 1
                    self._advance_commit()
                    if self.next_index[pid] < len(self.store.log):
                        self.repl_wake[pid].set()
                else:
                    self.next_index[pid] = max(1, min(reply.get("hint", prev), prev))
                    self.repl_wake[pid].set()

    def election_loop(self):
        while True:
            time.sleep(0.02)
            with self.lock:
                if self.role == "leader" or time.monotonic() < self.deadline:
                    continue
                self.role = "candidate"
                self.leader = None
                self.store.term += 1
                self.store.voted_for = self.id
                self.store.save_meta()
                self.deadline = self._new_deadline()
                term = self.store.term
                last, last_term = self._last()
            votes = [1]
            done = threading.Event()

            def ask(peer):
                reply = peer.call({"type": "vote", "term": term, "candidate": self.id,
                                   "last_index": last, "last_term": last_term})
                if reply is None:
                    return
                with self.lock:
                    if reply["term"] > self.store.term:
                        self._step_down(reply["term"])
                        return
                    if reply.get("granted") and self.role == "candidate" and \
                            self.store.term == term:
                        votes[0] += 1
                        if votes[0] >= self._majority():
                            self._become_leader()
                            done.set()

            for peer in self.peers.values():
                threading.Thread(target=ask, args=(peer,), daemon=True).start()

    def _become_leader(self):
        self.role = "leader"
        self.leader = self.id
        last, _ = self._last()
        self.next_index = {pid: last + 1 for pid in self.peers}
        self.match_index = {pid: 0 for pid in self.peers}
        self.store.append([{"term": self.store.term, "cmd": {"op": "noop"}}])
        for ev in self.repl_wake.values():
            ev.set()
        if not self.peers:
            self._advance_commit()

    # -- client side ---------------------------------------------------------------------------

    def propose(self, cmd):
        """Append cmd as leader and wait for it to be applied; return None if not leader,
        'unknown' if the outcome is uncertain, else 'ok'."""
        with self.lock:
            if self.role != "leader":
                return None
            term = self.store.term
            self.store.append([{"term": term, "cmd": cmd}])
            index = len(self.store.log) - 1
            for ev in self.repl_wake.values():
                ev.set()
            if not self.peers:
                self._advance_commit()
            deadline = time.monotonic() + CLIENT_WAIT
            while self.applied < index:
                left = deadline - time.monotonic()
                if left <= 0 or self.store.term != term:
                    return "unknown"
                self.changed.wait(min(left, 0.1))
            if len(self.store.log) > index and self.store.log[index]["term"] == term:
                return "ok"
            return "unknown"

    def handle_client(self, m):
        op = m.get("op")
        if op == "get" and m.get("local"):
            with self.lock:
                return {"ok": True, "value": self.kv.get(m["key"])}
        if op == "status":
            with self.lock:
                return {"ok": True, "id": self.id, "role": self.role, "term": self.store.term,
                        "leader": self.leader, "commit": self.commit}
        if op not in ("put", "get"):
            return {"ok": False, "error": "bad_request"}
        if op == "put":
            if not isinstance(m.get("key"), str) or not isinstance(m.get("value"), str):
                return {"ok": False, "error": "bad_request"}
            cmd = {"op": "put", "key": m["key"], "value": m["value"]}
        else:
            cmd = {"op": "read"}
        outcome = self.propose(cmd)
        if outcome is None:
            with self.lock:
                return {"ok": False, "error": "not_leader", "leader": self.leader}
        if outcome != "ok":
            return {"ok": False, "error": "timeout"}
        if op == "put":
            return {"ok": True}
        with self.lock:
            return {"ok": True, "value": self.kv.get(m["key"])}

    # -- servers -------------------------------------------------------------------------------

    def serve(self, addr, handler):
        server = socket.create_server(parse_addr(addr), backlog=128)

        def conn_loop(sock):
            try:
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                rfile = sock.makefile("rb")
                for line in rfile:
                    try:
                        m = json.loads(line)
                        reply = handler(m)
                    except (ValueError, KeyError, TypeError, AttributeError):
                        reply = {"ok": False, "error": "bad_request"}
                    send_line(sock, reply)
            except OSError:
                pass
            finally:
                sock.close()

        def accept_loop():
            while True:
                sock, _ = server.accept()
                threading.Thread(target=conn_loop, args=(sock,), daemon=True).start()

        threading.Thread(target=accept_loop, daemon=True).start()

    def peer_handler(self, m):
        if m.get("type") == "vote":
            return self.on_vote(m)
        return self.on_append(m)

    def run(self):
        self.serve(self.cfg["peer_listen"], self.peer_handler)
        self.serve(self.cfg["client_listen"], self.handle_client)
        for pid in self.peers:
            threading.Thread(target=self.replicate, args=(pid,), daemon=True).start()
        threading.Thread(target=self.election_loop, daemon=True).start()
        while True:
            time.sleep(3600)


def main():
    with open(sys.argv[1]) as f:
        cfg = json.load(f)
    Node(cfg).run()


if __name__ == "__main__":
    main()
