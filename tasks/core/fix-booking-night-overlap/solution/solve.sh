#!/bin/bash
set -e
cd /app
python3 - <<'PY'
import re
p = "innkeeper/dates.py"; s = open(p).read()
s = s.replace("for i in range(span + 1)]", "for i in range(span)]")
open(p, "w").write(s)
p = "innkeeper/billing.py"; s = open(p).read()
s = s.replace("nights = stay.nights()[:-1]             # the last entry is the check-out day",
              "nights = stay.nights()")
open(p, "w").write(s)
PY
grep -q 'range(span)]' innkeeper/dates.py
grep -q 'nights = stay.nights()$' innkeeper/billing.py
