"""Root grader for build-replicated-kv-cluster: runs driver.py as the agent, checks histories.

Each scenario's client history is checked for linearizability of single-writer registers
(every written value is unique and each key has one sequential writer), for progress after
faults, for the no-write-without-majority rule and for replica convergence. The reward is the
share of scenarios passed.
"""

import json
import secrets
import sys
import traceback

import horizon_grading as hg

RUN_TIMEOUT = 300
SCENARIOS = ["basic", "leader_kill", "rolling", "full_restart", "partition", "minority"]
PROBE_KEYS = {"ready-probe", "leader-probe"}


def check_linearizable(history, problems):
    by_key = {}
    for op in history:
        if op["key"] in PROBE_KEYS:
            continue
        by_key.setdefault(op["key"], {"put": [], "get": []})[op["f"]].append(op)
    for key, ops in by_key.items():
        puts = sorted(ops["put"], key=lambda o: o["t0"])
        for a, b in zip(puts, puts[1:]):
            if b["t0"] < a["t1"]:
                raise ValueError(f"driver bug: overlapping writes on {key}")
        index = {}
        for n, p in enumerate(puts, 1):
            if p["value"] in index:
                raise ValueError(f"driver bug: value written twice on {key}")
            index[p["value"]] = n
        acked = [(p["t1"], n) for n, p in enumerate(puts, 1) if p["status"] == "ok"]
        gets = ops["get"]

        def idx(g):
            return 0 if g["value"] is None else index.get(g["value"])

        for g in gets:
            k = idx(g)
            if k is None:
                problems.append(f"{key}: a read returned {g['value']!r}, which was never written")
                continue
            if k > 0:
                w = puts[k - 1]
                if w["t0"] > g["t1"]:
                    problems.append(f"{key}: a read at [{g['t0']}, {g['t1']}] returned a value "
                                    f"written only at {w['t0']}")
                if w["status"] == "fail":
                    problems.append(f"{key}: a read returned a value whose write every node "
                                    "refused (not_leader)")
            must = max((n for t1, n in acked if t1 < g["t0"]), default=0)
            if k < must:
                problems.append(f"{key}: stale read at t={g['t0']} (node {g['node']}): saw write "
                                f"#{k}, but write #{must} was acknowledged before the read began")
        # real-time order between reads
        ordered = sorted((g for g in gets if idx(g) is not None), key=lambda g: g["t1"])
        starts = sorted((g for g in gets if idx(g) is not None), key=lambda g: g["t0"])
        best, j = 0, 0
        for g in starts:
            while j < len(ordered) and ordered[j]["t1"] < g["t0"]:
                best = max(best, idx(ordered[j]))
                j += 1
            if idx(g) < best:
                problems.append(f"{key}: read at t={g['t0']} (node {g['node']}) saw write "
                                f"#{idx(g)} after an earlier read had seen #{best}")


def oks(history, f="put", t0=None, t1=None, clients=None, exclude=()):
    out = []
    for op in history:
        if op["f"] != f or op["status"] != "ok" or op["key"] in PROBE_KEYS:
            continue
        if t0 is not None and op["t0"] < t0:
            continue
        if t1 is not None and op["t1"] > t1:
            continue
        if clients is not None and op["client"] not in clients:
            continue
        if op["client"] in exclude:
            continue
        out.append(op)
    return out


def check_scenario(name, o):
    p = []
    if not isinstance(o, dict):
        return ["no observations"]
    if "error" in o:
        p.append(f"driver error: {o['error']}")
    if o.get("ready") is not True:
        return p + ["the cluster never accepted a write after starting (20 s)"]
    h = o.get("history") or []
    check_linearizable(h, p)
    conv = o.get("converge") or {}
    if conv.get("final_reads") != conv.get("keys") or conv.get("keys") is None:
        p.append(f"final reads failed for {(conv.get('keys') or 0) - (conv.get('final_reads') or 0)} "
                 "keys after the faults ended")
    if conv.get("n_diverged", 1):
        p.append(f"replicas diverged (local reads differ from the committed value 15 s after "
                 f"the faults ended): {conv.get('n_diverged')} node/key pairs, e.g. "
                 f"{json.dumps(conv.get('diverged'))[:200]}")
    acked_bytes = sum(len(op["value"]) for op in oks(h))
    if not isinstance(o.get("peer_bytes"), int) or o["peer_bytes"] < acked_bytes // 2:
        p.append(f"only {o.get('peer_bytes')} bytes crossed the peer links for {acked_bytes} "
                 "bytes of acknowledged writes: the data is not replicated over the network")
    end = o.get("end_t")
    if name == "basic":
        if len(oks(h)) < 30:
            p.append(f"only {len(oks(h))} writes acknowledged in 4 s of load")
    elif name == "leader_kill":
        kt = o["kill_t"]
        if not oks(h, t0=kt, t1=kt + 10):
            p.append("no write acknowledged within 10 s after the leader was killed")
        if not oks(h, t0=end - 2.5, t1=end + 7):
            p.append("no progress after the old leader was restarted")
    elif name == "rolling":
        for node, tk, tr in o["faults"]:
            if not oks(h, t0=tk, t1=tr + 10):
                p.append(f"no write acknowledged within 10 s of restarting {node}")
        if not oks(h, t0=end - 2.5, t1=end + 7):
            p.append("no progress at the end of the rolling restarts")
    elif name == "full_restart":
        rt = o["restart_t"]
        if not oks(h, t0=rt, t1=rt + 15):
            p.append("no write acknowledged within 15 s after restarting the whole cluster")
        if not oks(h, f="get", t0=rt):
            p.append("no read answered after restarting the whole cluster")
    elif name == "partition":
        ct, ht = o["cut_t"], o["heal_t"]
        if not oks(h, t0=ct, t1=ct + 10, exclude=("stuck",)):
            p.append("the majority side acknowledged no write within 10 s of the leader's "
                     "isolation")
        stuck = [op for op in h if op["client"] == "stuck" and op["status"] == "ok"
                 and op["f"] == "put" and op["t0"] > ct + 0.01 and op["t1"] < ht]
        if stuck:
            p.append(f"the isolated old leader acknowledged {len(stuck)} write(s) while cut off "
                     "from both peers")
        if not oks(h, t0=end - 2.5, t1=end + 7):
            p.append("no progress after the partition healed")
    elif name == "minority":
        lone = [op for op in h if op["client"] == "lone" and op["status"] == "ok"]
        if lone:
            p.append(f"a node alone (the other two killed) acknowledged {len(lone)} write(s)")
        post = oks(h, clients=("post",))
        if len(post) < 15:
            p.append(f"after restarting the two nodes only {len(post)} of 20 writes succeeded")
    return p[:10]


def main():
    seed = secrets.randbelow(10**9)
    nonce = secrets.token_hex(16)
    workdir = hg.agent_workdir()
    with open("/tests/driver.py") as f:
        source = f.read()
    put = hg.run_program(["sh", "-c", "cat > driver.py"], stdin=source, timeout_sec=30,
                         cwd=workdir)
    if put.returncode != 0:
        raise hg.GradingError(f"cannot write the driver: {put.stderr!r}")
    run = hg.run_program(["python3", "driver.py"], stdin=json.dumps({"seed": seed, "nonce": nonce}),
                         timeout_sec=RUN_TIMEOUT, cwd=workdir)
    obs = None
    for line in run.stdout.decode(errors="replace").splitlines():
        if line.startswith(nonce + " "):
            try:
                obs = json.loads(line[len(nonce) + 1:])
            except ValueError:
                obs = None
    if not isinstance(obs, dict):
        hg.write_reward(0.0, details={"why": "the acceptance driver produced no observations",
                                      "timed_out": run.timed_out,
                                      "stderr": run.stderr.decode(errors="replace")[-1500:]})
        return
    results = {}
    for name in SCENARIOS:
        try:
            results[name] = check_scenario(name, obs.get(name))
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            results[name] = [f"malformed observations: {exc!r}"]
    passed = [n for n in SCENARIOS if not results[n]]
    reward = len(passed) / len(SCENARIOS)
    timings = {n: (obs.get(n) or {}).get("sec") for n in SCENARIOS if isinstance(obs.get(n), dict)}
    details = {"seed": seed, "passed": passed, "problems": {k: v for k, v in results.items() if v},
               "timings": timings, "driver_wall_sec": round(run.wall_sec, 1)}
    hg.write_reward(reward, details=details)
    print(json.dumps(details, indent=1))


if __name__ == "__main__":
    try:
        main()
    except hg.GradingError:
        traceback.print_exc()
        sys.exit(2)
