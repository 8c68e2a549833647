"""Performance driver: run as the agent, in phases; the grader measures each run's CPU time from
outside (run_program's cpu_sec) and takes differences, so setup cost is not charged to a phase.

argv: APP PHASE DBFILE, PHASE one of setup | loop | writes | reads (each includes the ones before).
Prints one JSON line of observations (values only; the grader holds the expected ones).
"""
import hashlib
import json
import sys

sys.path.append(sys.argv[1])
from tinykv import KVStore  # noqa: E402

PHASES = ["setup", "loop", "writes", "reads"]
upto = PHASES.index(sys.argv[2])
obs = {}
s = KVStore(sys.argv[3])
t = s.begin()
t.commit()
big = s.begin()
for i in range(0, 100000, 1000):
    tx = s.begin()
    for j in range(i, i + 1000):
        tx.set(f"key{j:06d}", j)
    tx.commit()
big.rollback()
if upto >= 1:
    for i in range(5000):
        tx = s.begin()
        tx.get(f"key{i:06d}")
        tx.get(f"key{(i * 7) % 100000:06d}")
        tx.set(f"key{i:06d}", -i)
        tx.commit()
    obs["key10"] = s.get("key000010")
if upto >= 2:
    longtx = s.begin()
    for i in range(100000):
        s.set(f"key{i % 1000:06d}", i)
if upto >= 3:
    got = [longtx.get(f"key{i % 1000:06d}") for i in range(20000)]
    obs["reads"] = hashlib.sha256(json.dumps(got).encode()).hexdigest()
    longtx.rollback()
    obs["key999"] = s.get("key000999")
print(json.dumps(obs))
