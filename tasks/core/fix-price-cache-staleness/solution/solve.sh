#!/bin/bash
set -e
cd /app
cp /solution/service.py pricesvc/service.py
python3 - <<'PY'
p = "pricesvc/cache.py"; s = open(p).read()
old = """            # keep hot entries at the young end of the LRU order
            entry.stored_at = now
"""
assert old in s
s = s.replace(old, "")
open(p, "w").write(s)
PY
