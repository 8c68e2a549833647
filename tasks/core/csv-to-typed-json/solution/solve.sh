#!/usr/bin/env bash
set -e
python3 - <<'PY'
import csv, json
out = []
with open("/app/inventory.csv", newline="") as f:
    for row in csv.DictReader(f):
        out.append({"sku": row["sku"], "name": row["name"], "qty": int(row["qty"]),
                    "price": float(row["price"]) if row["price"] else None,
                    "discontinued": row["discontinued"] == "yes"})
json.dump(out, open("/app/inventory.json", "w"), indent=2)
PY
