#!/usr/bin/env python3
"""Reference expense pipeline: python3 pipeline.py INPUT_DIR OUTPUT_DIR"""
import bisect, csv, datetime as dt, json, os, re, sys
from decimal import Decimal, ROUND_HALF_UP

SUFFIXES = {"inc", "llc", "ltd", "co", "corp", "gmbh", "plc"}


def parse_date(s):
    s = s.strip()
    for pat, order in ((r"(\d{4})-(\d{2})-(\d{2})", "ymd"), (r"(\d{2})\.(\d{2})\.(\d{4})", "dmy"),
                       (r"(\d{4})/(\d{2})/(\d{2})", "ymd")):
        m = re.fullmatch(pat, s)
        if m:
            a, b, c = (int(x) for x in m.groups())
            y, mo, d = (a, b, c) if order == "ymd" else (c, b, a)
            try:
                return dt.date(y, mo, d)
            except ValueError:
                return None
    return None


def parse_amount(s):
    s = s.strip()
    neg = False
    if s.startswith("(") and s.endswith(")"):
        neg, s = True, s[1:-1]
    elif s.startswith("-"):
        neg, s = True, s[1:]
    m = re.fullmatch(r"(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?", s)
    if not m:
        return None
    cents = int(m.group(1).replace(",", "")) * 100 + int((m.group(2) or "0").ljust(2, "0"))
    return -cents if neg else cents


def vendor_key(v):
    toks = re.sub(r"[^a-z0-9]", " ", v.lower()).split()
    if toks and toks[0] == "the":
        toks = toks[1:]
    while toks and toks[-1] in SUFFIXES:
        toks.pop()
    return " ".join(toks)


def norm_emp(s):
    s = s.strip().upper()
    if s.startswith("E"):
        s = s[1:]
    if not s.isdigit():
        return None
    return f"E{int(s):04d}"


def money(x):
    return Decimal(x).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def main(inp, out):
    os.makedirs(out, exist_ok=True)
    rates = {}
    with open(os.path.join(inp, "fx_rates.csv"), newline="") as f:
        for row in csv.DictReader(f):
            rates.setdefault(row["currency"].strip().upper(), []).append(
                (dt.date.fromisoformat(row["date"].strip()), Decimal(row["rate_to_usd"].strip())))
    for c in rates:
        rates[c].sort()
    rate_dates = {c: [d for d, _ in v] for c, v in rates.items()}
    depts = {}
    with open(os.path.join(inp, "employees.csv"), newline="") as f:
        for row in csv.DictReader(f):
            depts[row["employee_id"].strip()] = row["department"].strip()

    rejected = []  # (row_index, txn_id, reason)
    valid = []
    seen_ids = set()
    with open(os.path.join(inp, "transactions.csv"), newline="") as f:
        for idx, row in enumerate(csv.DictReader(f)):
            tid = row["txn_id"].strip()
            if tid in seen_ids:
                rejected.append((idx, tid, "duplicate_id")); continue
            seen_ids.add(tid)
            d = parse_date(row["date"])
            if d is None:
                rejected.append((idx, tid, "bad_date")); continue
            cents = parse_amount(row["amount"])
            if cents is None:
                rejected.append((idx, tid, "bad_amount")); continue
            cur = row["currency"].strip().upper() or "USD"
            if cur != "USD" and cur not in rates:
                rejected.append((idx, tid, "bad_currency")); continue
            emp = norm_emp(row["employee"])
            if emp is None or emp not in depts:
                rejected.append((idx, tid, "unknown_employee")); continue
            if cur == "USD":
                rate = Decimal(1)
            else:
                i = bisect.bisect_right(rate_dates[cur], d)
                if i == 0:
                    rejected.append((idx, tid, "no_rate")); continue
                rate = rates[cur][i - 1][1]
            usd = money(Decimal(cents) / 100 * rate)
            cat = row["category"].strip().lower() or "uncategorized"
            valid.append(dict(idx=idx, txn_id=tid, date=d, employee_id=emp, department=depts[emp],
                              vendor_key=vendor_key(row["vendor"]), category=cat, currency=cur,
                              cents=cents, usd=usd))

    valid.sort(key=lambda t: (t["date"], t["idx"]))
    kept = []
    last = {}  # fuzzy key -> list of kept dates
    for t in valid:
        key = (t["employee_id"], t["vendor_key"], t["currency"], t["cents"])
        if any(abs((t["date"] - d).days) <= 1 for d in last.get(key, [])):
            rejected.append((t["idx"], t["txn_id"], "duplicate")); continue
        last.setdefault(key, []).append(t["date"])
        kept.append(t)

    bycat = {}
    for t in kept:
        bycat.setdefault(t["category"], []).append(t["usd"])
    med = {}
    for c, v in bycat.items():
        v = sorted(v); n = len(v)
        med[c] = v[n // 2] if n % 2 else (v[n // 2 - 1] + v[n // 2]) / 2
    for t in kept:
        c = t["category"]
        t["outlier"] = len(bycat[c]) >= 5 and t["usd"] > 5 * med[c] and t["usd"] > 500

    kept.sort(key=lambda t: (t["date"], t["txn_id"]))
    with open(os.path.join(out, "clean.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["txn_id", "date", "employee_id", "department", "vendor_key", "category",
                    "currency", "amount", "amount_usd", "is_outlier"])
        for t in kept:
            c = t["cents"]
            amt = ("-" if c < 0 else "") + f"{abs(c) // 100}.{abs(c) % 100:02d}"
            w.writerow([t["txn_id"], t["date"].isoformat(), t["employee_id"], t["department"],
                        t["vendor_key"], t["category"], t["currency"], amt, f"{t['usd']:.2f}",
                        "true" if t["outlier"] else "false"])
    rejected.sort()
    with open(os.path.join(out, "rejected.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["txn_id", "reason"])
        for _, tid, reason in rejected:
            w.writerow([tid, reason])
    total = Decimal(0); bydept = {}; bymonth = {}; reasons = {}
    for t in kept:
        if t["outlier"]:
            continue
        total += t["usd"]
        bydept[t["department"]] = bydept.get(t["department"], Decimal(0)) + t["usd"]
        m = t["date"].strftime("%Y-%m")
        bymonth[m] = bymonth.get(m, Decimal(0)) + t["usd"]
    for _, _, reason in rejected:
        reasons[reason] = reasons.get(reason, 0) + 1
    summary = {
        "n_input": len(rejected) + len(kept),
        "n_clean": len(kept),
        "n_rejected": len(rejected),
        "n_outliers": sum(t["outlier"] for t in kept),
        "total_usd": float(total),
        "by_department": {k: float(v) for k, v in sorted(bydept.items())},
        "by_month": {k: float(v) for k, v in sorted(bymonth.items())},
        "rejected_by_reason": dict(sorted(reasons.items())),
    }
    with open(os.path.join(out, "summary.json"), "w") as f:
        json.dump(summary, f, indent=2)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
