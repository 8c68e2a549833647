"""Hidden verifier for build-kv-store-wal.

Drives /app/kv through its line protocol: a functional test against a model,
crash tests that SIGKILL the store at random moments (also during compaction
and while large values are being written), a space test for COMPACT, a memory
test and a throughput/restart-time test.
"""
import os
import queue
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

APP = os.environ.get("APP_KV", "/app/kv")
SEED = int(os.environ.get("SEED", "4242"))
TEAR_SO = os.environ.get("TEAR_SO", "/tmp/kv_tear.so")
if not os.path.isfile(TEAR_SO):
    TEAR_SO = None


class Fail(Exception):
    pass


class Proc:
    def __init__(self, directory, env=None):
        self.p = subprocess.Popen([APP, directory], stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env,
                                  stderr=subprocess.DEVNULL, bufsize=1 << 16)
        self.lines = queue.Queue()
        self.t = threading.Thread(target=self._reader, daemon=True)
        self.t.start()

    def _reader(self):
        f = self.p.stdout
        while True:
            line = f.readline()
            if not line:
                self.lines.put(None)
                return
            self.lines.put(line.rstrip(b"\n").decode("ascii", "replace"))

    def send(self, text):
        self.p.stdin.write(text.encode())
        self.p.stdin.flush()

    def recv(self, timeout=30):
        try:
            line = self.lines.get(timeout=timeout)
        except queue.Empty:
            raise Fail("no response within %d s" % timeout)
        if line is None:
            raise Fail("store exited unexpectedly")
        return line

    def req(self, text, timeout=30):
        self.send(text + "\n")
        return self.recv(timeout)

    def scan(self, start="-", end="-", limit=0, timeout=60):
        self.send("SCAN %s %s %d\n" % (start, end, limit))
        out = []
        while True:
            line = self.recv(timeout)
            if line == "END":
                return out
            parts = line.split(" ")
            if len(parts) != 3 or parts[0] != "KV":
                raise Fail("bad SCAN line %r" % line[:100])
            out.append((parts[1], parts[2]))

    def quit(self):
        r = self.req("QUIT")
        if r != "BYE":
            raise Fail("QUIT answered %r" % r)
        try:
            self.p.wait(timeout=10)
        except subprocess.TimeoutExpired:
            raise Fail("store did not exit after QUIT")

    def kill(self):
        try:
            self.p.send_signal(signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.p.wait()

    def rss_kib(self):
        with open("/proc/%d/status" % self.p.pid) as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        return 0


def rand_key(rng, pool=None):
    if pool is not None and rng.random() < 0.8:
        return rng.choice(pool)
    n = rng.choice([1, 1, 2, 3, 4, 8, 16, 40])
    return bytes(rng.choice([0, 1, 0x41, 0x61, 0x7f, 0x80, 0xfe, 0xff, rng.randrange(256)]) for _ in range(n)).hex()


def rand_value(rng, big=False):
    if big:
        n = rng.choice([64 << 10, 256 << 10, 1 << 20])
        return (os.urandom(16) * (n // 16)).hex()
    n = rng.choice([1, 1, 2, 5, 10, 50, 100, 1000, 5000])
    return os.urandom(n).hex()


def model_scan(model, start, end, limit):
    keys = sorted(bytes.fromhex(k) for k in model)
    out = []
    for k in keys:
        if start is not None and k < start:
            continue
        if end is not None and k >= end:
            break
        out.append((k.hex(), model[k.hex()]))
        if limit and len(out) >= limit:
            break
    return out


# ------------------------------------------------------------------ functional
def functional(tmp, rng):
    d = os.path.join(tmp, "func")
    model = {}
    pool = [rand_key(rng) for _ in range(60)]
    p = Proc(d)
    ops = 0
    for round_ in range(6):
        for _ in range(700):
            r = rng.random()
            ops += 1
            if r < 0.35:
                k, v = rand_key(rng, pool), rand_value(rng)
                if p.req("PUT %s %s" % (k, v)) != "OK":
                    raise Fail("PUT not OK")
                model[k] = v
            elif r < 0.5:
                k = rand_key(rng, pool)
                exp = "OK 1" if k in model else "OK 0"
                got = p.req("DEL %s" % k)
                if got != exp:
                    raise Fail("DEL %s: expected %r got %r" % (k, exp, got))
                model.pop(k, None)
            elif r < 0.75:
                k = rand_key(rng, pool)
                got = p.req("GET %s" % k.upper() if rng.random() < 0.1 else "GET %s" % k)
                exp = "VALUE " + model[k] if k in model else "NOTFOUND"
                if got != exp:
                    raise Fail("GET %s: expected %r got %r" % (k, exp[:80], got[:80]))
            elif r < 0.83:
                n = rng.randint(1, 12)
                lines = []
                for _ in range(n):
                    k = rand_key(rng, pool)
                    if rng.random() < 0.7:
                        v = rand_value(rng)
                        lines.append("PUT %s %s" % (k, v))
                    else:
                        lines.append("DEL %s" % k)
                got = p.req("BATCH %d\n%s" % (n, "\n".join(lines)))
                if got != "OK":
                    raise Fail("BATCH answered %r" % got)
                for line in lines:
                    parts = line.split(" ")
                    if parts[0] == "PUT":
                        model[parts[1]] = parts[2]
                    else:
                        model.pop(parts[1], None)
            elif r < 0.93:
                start = None if rng.random() < 0.3 else bytes.fromhex(rand_key(rng, pool))
                end = None if rng.random() < 0.3 else bytes.fromhex(rand_key(rng, pool))
                limit = rng.choice([0, 0, 1, 3, 10])
                got = p.scan("-" if start is None else start.hex(), "-" if end is None else end.hex(), limit)
                exp = model_scan(model, start, end, limit)
                if got != exp:
                    raise Fail("SCAN mismatch: expected %d entries, got %d" % (len(exp), len(got)))
            elif r < 0.97:
                got = p.req("COUNT")
                if got != "COUNT %d" % len(model):
                    raise Fail("COUNT: expected %d got %r" % (len(model), got))
            else:
                if p.req("COMPACT", timeout=60) != "OK":
                    raise Fail("COMPACT not OK")
        # malformed requests must give ERR and change nothing
        for bad in ["FROB", "PUT 0g 00", "PUT abc 00", "GET", "PUT 00", "DEL", "SCAN - -",
                    "BATCH 2\nPUT 01 02\nPUT zz 00", "COUNT 1", "BATCH x", "PUT 00 01 02",
                    "GET " + "ab" * 1025]:
            got = p.req(bad)
            if not got.startswith("ERR"):
                raise Fail("malformed request %r answered %r" % (bad[:40], got[:40]))
        if p.req("COUNT") != "COUNT %d" % len(model):
            raise Fail("COUNT wrong after malformed requests")
        # full comparison, then clean restart
        if p.scan() != model_scan(model, None, None, 0):
            raise Fail("full SCAN mismatch in round %d" % round_)
        p.quit()
        p = Proc(d)
        if p.scan() != model_scan(model, None, None, 0):
            raise Fail("state differs after clean restart (round %d)" % round_)
    p.quit()
    print("functional: %d operations ok" % ops)


# ------------------------------------------------------------------ crash
def apply(model, op):
    parts = op.split("\n")
    if parts[0].startswith("BATCH"):
        parts = parts[1:]
    for line in parts:
        t = line.split(" ")
        if t[0] == "PUT":
            model[t[1]] = t[2]
        elif t[0] == "DEL":
            model.pop(t[1], None)


def crash(tmp, rng, rounds):
    d = os.path.join(tmp, "crash")
    model = {}
    pool = [rand_key(rng) for _ in range(120)]
    total_acked = 0
    torn_checks = 0
    tears = 0
    for rnd in range(rounds):
        p = Proc(d)
        got = p.scan(timeout=60)
        exp = model_scan(model, None, None, 0)
        if got != exp:
            raise Fail("crash round %d: recovered state is wrong on restart (%d vs %d entries)"
                       % (rnd, len(got), len(exp)))
        if p.req("COUNT") != "COUNT %d" % len(model):
            raise Fail("crash round %d: COUNT wrong after recovery" % rnd)
        # round types cycle: torn write with compactions, torn write without,
        # random kill without compactions, random kill with compactions
        with_compact = rnd % 4 in (0, 3)
        big_round = rng.random() < 0.35
        wrng = random.Random(rng.random())
        ops = []
        sent = [0]
        stop = threading.Event()

        def make_op():
            r = wrng.random()
            if r < 0.6:
                return "PUT %s %s" % (rand_key(wrng, pool), rand_value(wrng, big_round and wrng.random() < 0.05))
            if r < 0.75:
                return "DEL %s" % rand_key(wrng, pool)
            if r < 0.97:
                n = wrng.randint(2, 40)
                lines = []
                for _ in range(n):
                    if wrng.random() < 0.75:
                        lines.append("PUT %s %s" % (rand_key(wrng, pool), rand_value(wrng, big_round and wrng.random() < 0.01)))
                    else:
                        lines.append("DEL %s" % rand_key(wrng, pool))
                return "BATCH %d\n%s" % (n, "\n".join(lines))
            return "COMPACT" if with_compact else "DEL %s" % rand_key(wrng, pool)

        def writer():
            try:
                for _ in range(3000):
                    if stop.is_set():
                        return
                    op = make_op()
                    ops.append(op)
                    p.send(op + "\n")
                    sent[0] += 1
            except (BrokenPipeError, OSError, ValueError):
                return
        tear = TEAR_SO and rnd % 4 in (0, 1)
        if tear:
            # restart under the shim that tears the N-th file write and SIGKILLs
            p.quit()
            env = dict(os.environ, LD_PRELOAD=TEAR_SO, KV_TEAR_AT=str(rng.randint(1, 400)),
                       KV_TEAR_FRAC="%.3f" % rng.random())
            p = Proc(d, env)
        w = threading.Thread(target=writer, daemon=True)
        w.start()
        if tear:
            try:
                p.p.wait(timeout=3)
                tears += 1
            except subprocess.TimeoutExpired:
                pass
        else:
            time.sleep(rng.uniform(0.02, 0.6))
        p.kill()
        stop.set()
        w.join(timeout=10)
        acked = 0
        while True:
            try:
                line = p.lines.get(timeout=5)
            except queue.Empty:
                break
            if line is None:
                break
            if line.startswith("ERR"):
                raise Fail("crash round %d: store answered %r" % (rnd, line))
            acked += 1
        n_sent = len(ops)     # the last op may have been sent only partly
        if acked > n_sent:
            raise Fail("more responses than requests")
        # the recovered state must equal the model after some prefix of the
        # received requests that contains every acknowledged one
        base = dict(model)
        for op in ops[:acked]:
            apply(base, op)
        p = Proc(d)
        got = dict(p.scan(timeout=60))
        p.kill()
        cand = base
        ok = cand == got
        k = acked
        while not ok and k < n_sent:
            apply(cand, ops[k])
            k += 1
            ok = cand == got
            torn_checks += 1
        if not ok:
            raise Fail("crash round %d: after SIGKILL the recovered state is not the result of any "
                       "prefix of the requests that includes all %d acknowledged ones" % (rnd, acked))
        model = cand
        total_acked += acked
    print("crash: %d rounds ok (%d torn writes), %d acknowledged requests survived" % (rounds, tears, total_acked))
    if total_acked < 500:
        raise Fail("store too slow: only %d requests acknowledged in the crash test" % total_acked)


# ------------------------------------------------------------------ space / memory / speed
def dir_size(d):
    total = 0
    for root, _, files in os.walk(d):
        for f in files:
            try:
                total += os.path.getsize(os.path.join(root, f))
            except OSError:
                pass
    return total


def space(tmp, rng):
    d = os.path.join(tmp, "space")
    p = Proc(d)
    keys = ["%08x" % i for i in range(2000)]
    model = {}
    for rep in range(5):
        p.send("".join("PUT %s %s\n" % (k, os.urandom(512).hex()) for k in keys))
        for k in keys:
            if p.recv() != "OK":
                raise Fail("PUT failed in space test")
    for k in keys[::2]:
        p.send("DEL %s\n" % k)
    for k in keys[::2]:
        if p.recv() != "OK 1":
            raise Fail("DEL failed in space test")
    before = dir_size(d)
    if p.req("COMPACT", timeout=60) != "OK":
        raise Fail("COMPACT failed")
    live = sum(4 + 512 for _ in keys[1::2])
    after = dir_size(d)
    if after > 2 * live + (1 << 20):
        raise Fail("after COMPACT the directory holds %d bytes for %d live bytes" % (after, live))
    if p.req("COUNT") != "COUNT 1000":
        raise Fail("COUNT wrong after COMPACT")
    p.quit()
    p = Proc(d)
    if p.req("COUNT") != "COUNT 1000":
        raise Fail("COUNT wrong after COMPACT + restart")
    p.quit()
    print("space: %d bytes before COMPACT, %d after (live %d)" % (before, after, live))


def memory(tmp, rng):
    d = os.path.join(tmp, "mem")
    p = Proc(d)
    vals = {}
    for i in range(40):
        v = (os.urandom(64) * (65536)).hex()        # 4 MiB
        k = "%04x" % i
        if p.req("PUT %s %s" % (k, v), timeout=60) != "OK":
            raise Fail("large PUT failed")
        vals[k] = v[:128]
    for k in list(vals)[::7]:
        got = p.req("GET %s" % k, timeout=60)
        if not got.startswith("VALUE " + vals[k]) or len(got) != 6 + 8 * 1024 * 1024:
            raise Fail("large GET returned wrong data")
    rss = p.rss_kib()
    p.quit()
    p = Proc(d)
    if p.req("COUNT", timeout=60) != "COUNT 40":
        raise Fail("COUNT wrong after reopening large store")
    rss2 = p.rss_kib()
    p.quit()
    print("memory: RSS %d KiB while holding 160 MiB of values, %d KiB after reopen" % (rss, rss2))
    if rss > 100 * 1024 or rss2 > 100 * 1024:
        raise Fail("store keeps values in memory (RSS %d KiB > 100 MiB)" % max(rss, rss2))


def speed(tmp, rng):
    d = os.path.join(tmp, "speed")
    p = Proc(d)
    t0 = time.time()
    n = 20000
    chunk = 1000
    for s in range(0, n, chunk):
        p.send("".join("PUT %s %s\n" % (("k%07d" % i).encode().hex(), os.urandom(100).hex())
                       for i in range(s, s + chunk)))
        for _ in range(chunk):
            if p.recv() != "OK":
                raise Fail("PUT failed in speed test")
    took = time.time() - t0
    p.kill()
    t0 = time.time()
    p = Proc(d)
    if p.req("COUNT", timeout=60) != "COUNT %d" % n:
        raise Fail("COUNT wrong after kill in speed test")
    reopen = time.time() - t0
    got = p.scan(("k0001000").encode().hex(), ("k0001010").encode().hex(), 0)
    if [bytes.fromhex(k).decode() for k, _ in got] != ["k%07d" % i for i in range(1000, 1010)]:
        raise Fail("SCAN range wrong in speed test")
    p.quit()
    print("speed: %d PUTs in %.1f s, reopen in %.1f s" % (n, took, reopen))
    if took > 30:
        raise Fail("too slow: %d PUTs took %.1f s (limit 30 s)" % (n, took))
    if reopen > 5:
        raise Fail("too slow: reopening took %.1f s (limit 5 s)" % reopen)


def main():
    if not os.access(APP, os.X_OK):
        print("FAIL: %s is missing or not executable" % APP)
        return 1
    rng = random.Random(SEED)
    tmp = tempfile.mkdtemp(prefix="kvtest")
    try:
        functional(tmp, rng)
        crash(tmp, rng, 40)
        space(tmp, rng)
        memory(tmp, rng)
        speed(tmp, rng)
    except Fail as e:
        print("FAIL:", e)
        return 1
    except Exception as e:  # noqa
        print("FAIL: verifier error while talking to the store: %r" % e)
        return 1
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print("all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
