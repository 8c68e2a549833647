"""Root grader for debug-jobqueue-service: runs driver.py as the agent, checks its observations.

The driver only reports what it saw on the wire; every expected value (job results, the order
after a restart, exactly-once counts) is computed here, in the verifier's memory.
"""

import hashlib
import json
import secrets
import sys
import traceback

import horizon_grading as hg

sys.path.insert(0, "/tests")
import driver  # noqa: E402  (our own file in /tests; it imports nothing of the agent's)

RUN_TIMEOUT = 240


def expected_basic(payload):
    if payload["kind"] == "sum":
        return sum(payload["values"]), 1
    if payload["kind"] == "sha256":
        data = payload["text"].encode()
        for _ in range(max(1, payload["rounds"])):
            data = hashlib.sha256(data).hexdigest().encode()
        return data.decode(), 1
    return payload["value"], payload["fail_times"] + 1


def check_jobs(jobs, expected, what, problems, attempts=None):
    if not isinstance(jobs, list) or len(jobs) != len(expected):
        problems.append(f"{what}: job list missing")
        return
    for i, (job, want) in enumerate(zip(jobs, expected)):
        if not job or job.get("state") != "done":
            problems.append(f"{what}: job #{i} ended {job and job.get('state')!r}, not done")
        elif job.get("result") != want:
            problems.append(f"{what}: job #{i} has a wrong result")
        elif attempts is not None and job.get("attempts") != attempts[i]:
            problems.append(f"{what}: job #{i} took {job.get('attempts')} attempts, "
                            f"expected {attempts[i]}")


def grade(obs, w):
    results = {}

    def scenario(name, fn):
        problems = []
        o = obs.get(name)
        if not isinstance(o, dict):
            problems.append("no observations")
        elif "error" in o:
            problems.append(f"driver error: {o['error']}")
        else:
            try:
                fn(o, problems)
            except Exception as exc:  # malformed observations
                problems.append(f"malformed observations: {exc!r}")
        results[name] = problems[:8]

    def basic(o, p):
        exp = [expected_basic(x) for x in w["basic"]]
        check_jobs(o["jobs"], [e[0] for e in exp], "basic", p, [e[1] for e in exp])

    def crash(o, p):
        check_jobs(o["jobs"], [x["value"] for x in w["crash"]], "crash", p)
        if o.get("killed") != 2:
            p.append("crash: workers were not killed")

    def long(o, p):
        check_jobs(o["jobs"], [x["value"] for x in w["long"]], "long", p,
                   [1] * len(w["long"]))
        if o.get("runs") != [1] * len(w["long"]):
            p.append(f"long: jobs longer than a lease ran {o.get('runs')} times, expected once each")

    def stale(o, p):
        want = {"a_got": True, "b_got": True, "tokens_differ": True, "b_attempt": 2,
                "stale_ack": [False, "stale_lease"], "stale_heartbeat": [False, "stale_lease"],
                "state_after_stale": "leased", "fresh_ack": True,
                "final": ["done", w["stale_results"][1]], "hb_kept": [True, True, False],
                "hb_ack": True}
        for k, v in want.items():
            if o.get(k) != v:
                p.append(f"stale: {k} = {o.get(k)!r}, expected {v!r}")

    def load(o, p):
        if o.get("timeouts") or o.get("errors") or o.get("bad_payload"):
            p.append(f"load: {o.get('timeouts')} timed-out clients, {o.get('errors')} errors, "
                     f"{o.get('bad_payload')} wrong payloads")
        if "after" in o:
            p.append(o["after"])
        elif o.get("not_done_or_wrong") != 0:
            p.append(f"load: {o.get('not_done_or_wrong')} jobs not done or wrong after draining")
        if not isinstance(o.get("compactions"), int) or o["compactions"] < 1:
            p.append("load: the journal was never compacted")

    def fds(o, p):
        before, after = o.get("before"), o.get("after")
        if not isinstance(before, int) or not isinstance(after, int):
            p.append("fds: broker's descriptors unknown")
        elif after - before > 10:
            p.append(f"fds: the broker held {after - before} more descriptors after 240 "
                     "short-lived connections")
        if o.get("alive") is not True or o.get("connections") != 1:
            p.append(f"fds: alive={o.get('alive')!r}, connections={o.get('connections')!r} "
                     "(expected 1)")

    def restart(o, p):
        jobs = w["restart"]
        leased = o["leased_before"]
        # The three leased first are the first three by (priority desc, submission order)
        # among the first 36 jobs.
        first36 = sorted(range(36), key=lambda i: (-jobs[i]["priority"], i))
        if leased != first36[:3]:
            p.append(f"restart: leased {leased} before the crash, expected {first36[:3]}")
            return
        acked = dict(zip(leased[:2], w["restart_acks"]))
        sts = o["status_after_restart"]
        for i in range(len(jobs)):
            st = sts[i] if i < len(sts) else None
            if st is None:
                p.append(f"restart: job #{i} (acknowledged to its client) missing after restart")
            elif i in acked and st[:2] != ["done", acked[i]]:
                p.append(f"restart: job #{i} acked before the crash is {st[0]!r} after it")
            elif i not in acked and st[0] != "ready":
                p.append(f"restart: job #{i} is {st[0]!r} after restart, expected 'ready'")
        if not all(o["resubmit_same_id"]) or len(o["resubmit_same_id"]) != sum(
                1 for j in jobs if j["key"]):
            p.append("restart: an idempotency key was forgotten across the restart")
        remaining = sorted((i for i in range(len(jobs)) if i not in acked),
                           key=lambda i: (-jobs[i]["priority"], i))
        if o["order_after_restart"] != remaining:
            got = o["order_after_restart"]
            at = next((k for k, (a, b) in enumerate(zip(got, remaining)) if a != b),
                      min(len(got), len(remaining)))
            p.append(f"restart: lease order after restart differs from priority/FIFO order at "
                     f"position {at} ({len(got)} leased, {len(remaining)} expected)")
        if o["attempt_of_unacked"] != 2:
            p.append(f"restart: the job leased but not acked before the crash came back as "
                     f"attempt {o['attempt_of_unacked']!r}, expected 2")
        if o["fresh_id_unique"] is not True:
            p.append("restart: a job submitted after the restart reused an old id")

    for name, fn in (("basic", basic), ("crash", crash), ("long", long), ("stale", stale),
                     ("load", load), ("fds", fds), ("restart", restart)):
        scenario(name, fn)
    return results


def main():
    seed = secrets.randbelow(10**9)
    nonce = secrets.token_hex(16)
    w = driver.make_workload(seed)
    workdir = hg.agent_workdir()
    with open("/tests/driver.py") as f:
        source = f.read()
    # The driver goes in as a file in the fresh work dir; its input (seed, nonce) on stdin.
    put = hg.run_program(["sh", "-c", "cat > driver.py"], stdin=source, timeout_sec=30,
                         cwd=workdir)
    if put.returncode != 0:
        raise hg.GradingError(f"cannot write the driver: {put.stderr!r}")
    run = hg.run_program(["python3", "driver.py"],
                         stdin=json.dumps({"seed": seed, "nonce": nonce}),
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
    results = grade(obs, w)
    failed = sorted(k for k, v in results.items() if v)
    timings = {k: v for k, v in obs.items() if k.endswith("_sec")}
    hg.write_reward(0.0 if failed else 1.0,
                    details={"seed": seed, "failed": failed, "problems": results,
                             "timings": timings, "driver_wall_sec": round(run.wall_sec, 1)})
    print(json.dumps({"failed": failed, "problems": results, "timings": timings,
                      "wall": run.wall_sec}, indent=1))


if __name__ == "__main__":
    try:
        main()
    except hg.GradingError:
        traceback.print_exc()
        sys.exit(2)
