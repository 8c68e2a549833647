#!/bin/bash
set -e
cd /app
python3 - <<'PY'
p = "tasklog/cli.py"; s = open(p).read()
s = s.replace("""    tasks = sorted(tasks, key=SORT_KEYS[args.sort])
""", """    tasks = sorted(tasks, key=SORT_KEYS[args.sort])
    if args.reverse:
        tasks.reverse()
""")
s = s.replace("""    ls.add_argument("--limit",""", """    ls.add_argument("--reverse", action="store_true", help="reverse the listing order")
    ls.add_argument("--limit",""")
open(p, "w").write(s)
PY
