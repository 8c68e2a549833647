#!/usr/bin/env bash
set -e
python3 - <<'PY'
import json
p = "/app/config/service.json"
d = json.load(open(p))
d["database"]["pool"]["max_size"] = 40
json.dump(d, open(p, "w"), indent=2)
PY
