"""Grade tinykv transactions without running the agent's code as root (see obsgrade.py).

Hidden API tests: a driver run as the agent, compared with the reference in /tests/ref.
Performance: perf_driver.py run as the agent in phases; CPU time measured from outside
(run_program's cpu_sec, whole process tree), a phase's cost = its run minus the run before it.
"""
import hashlib
import json

import horizon_obsgrade as obsgrade

LOOP_CPU_SEC = 4.0    # 5 000 small transactions on 100 000 keys (instruction: "under 4 seconds")
READS_CPU_SEC = 2.0   # 20 000 snapshot reads after 100 000 autocommit writes


def perf():
    with open("/tests/perf_driver.py") as fh:
        source = fh.read()
    cpu, obs = {}, {}
    for phase in ("setup", "loop", "writes", "reads"):
        r = obsgrade.run_script(source, ["/app", phase, "db.kv"], timeout_sec=120)
        if r.returncode != 0 or r.timed_out:
            return False, {"perf": f"phase {phase} failed (exit {r.returncode})"}
        cpu[phase] = r.cpu_sec
        obs[phase] = obsgrade.parse_json_line(r.stdout)
    reads = [-(i % 1000) for i in range(20000)]
    want = {"key10": -10, "key999": 99999,
            "reads": hashlib.sha256(json.dumps(reads).encode()).hexdigest()}
    loop = cpu["loop"] - cpu["setup"]
    read = cpu["reads"] - cpu["writes"]
    details = {"perf_cpu_sec": {k: round(v, 2) for k, v in cpu.items()},
               "loop_cpu_sec": round(loop, 2), "reads_cpu_sec": round(read, 2)}
    ok = obs["reads"] == want and loop < LOOP_CPU_SEC and read < READS_CPU_SEC
    if obs["reads"] != want:
        details["perf"] = "wrong values in the performance run"
    return ok, details


obsgrade.grade(
    timeout_sec=240,
    inputs={"legacy.kv": "/tests/legacy.kv"},
    visible=["python3", "-m", "pytest", "-q", "-p", "no:cacheprovider", "/app/tests"],
    extra=perf,
)
