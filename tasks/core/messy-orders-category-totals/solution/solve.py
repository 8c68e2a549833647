import csv, json, re, datetime

MON = {m: i + 1 for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"])}


def parse_date(s):
    s = s.strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", s):
        return datetime.date.fromisoformat(s)
    m = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", s)
    if m:
        return datetime.date(int(m[3]), int(m[1]), int(m[2]))
    m = re.fullmatch(r"(\d{1,2}) ([A-Za-z]{3}) (\d{4})", s)
    if m:
        return datetime.date(int(m[3]), MON[m[2].lower()], int(m[1]))
    raise ValueError(s)


seen = set()
out = {}
with open("/app/orders.csv", newline="") as f:
    for row in csv.DictReader(f):
        oid = row["order_id"].strip()
        if oid in seen:
            continue
        seen.add(oid)
        amt = row["amount"].strip().replace("$", "").replace(",", "")
        if not amt:
            continue
        d = parse_date(row["order_date"])
        if not (datetime.date(2024, 4, 1) <= d <= datetime.date(2024, 6, 30)):
            continue
        cat = row["category"].strip().lower()
        o = out.setdefault(cat, {"orders": 0, "cents": 0})
        o["orders"] += 1
        o["cents"] += round(float(amt) * 100)

res = {c: {"orders": v["orders"], "total": round(v["cents"] / 100, 2)} for c, v in sorted(out.items())}
json.dump(res, open("/app/answer.json", "w"), indent=2)
print(json.dumps(res))
