#!/usr/bin/env python3
"""Reference: python3 reconcile.py INPUT_DIR OUTPUT_DIR (marketplace payout reconciliation)."""
import csv
import datetime as dt
import json
import os
import re
import sys
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

BERLIN = ZoneInfo("Europe/Berlin")
MINOR_DIGITS = {"JPY": 0}
CENT = Decimal("0.01")


def q(x):
    return x.quantize(CENT, rounding=ROUND_HALF_UP)


def norm_seller(ref):
    m = re.fullmatch(r"\s*[sS]?-?0*(\d{1,4})\s*", ref or "")
    return f"S{int(m.group(1)):04d}" if m else None


def parse_rate(s):
    s = s.strip()
    if s.endswith("%"):
        return Decimal(s[:-1].strip()) / 100
    return Decimal(s)


def parse_de_amount(s):
    return Decimal(s.strip().replace(".", "").replace(",", "."))


def parse_iso(s):
    s = s.strip()
    if s.endswith("Z"):
        s = s[:-1] + "+00:00"
    return dt.datetime.fromisoformat(s).astimezone(dt.timezone.utc)


def load_orders(indir):
    files = []
    for name in os.listdir(os.path.join(indir, "orders")):
        m = re.fullmatch(r"orders_(\d{4}-\d{2})\.(csv|jsonl)", name)
        if m:
            files.append((m.group(1), m.group(2), name))
    files.sort()
    period = [f[0] for f in files]
    records, seen = {}, 0
    for month, kind, name in files:
        path = os.path.join(indir, "orders", name)
        if kind == "csv":
            with open(path, newline="", encoding="utf-8") as f:
                for row in csv.DictReader(f, delimiter=";"):
                    local = dt.datetime.strptime(row["placed_at"].strip(), "%d.%m.%Y %H:%M")
                    ts = local.replace(tzinfo=BERLIN).astimezone(dt.timezone.utc)
                    cur = row["currency"].strip().upper()
                    rec = dict(seller=row["seller"], ts=ts, amount=parse_de_amount(row["amount"]),
                               currency=cur, status=row["status"].strip().lower())
                    seen += 1
                    records[row["order_id"].strip()] = rec
        else:
            with open(path, encoding="utf-8") as f:
                for line in f:
                    if not line.strip():
                        continue
                    o = json.loads(line)
                    cur = o["currency"].strip().upper()
                    amount = Decimal(o["amount_minor"]).scaleb(-MINOR_DIGITS.get(cur, 2))
                    rec = dict(seller=str(o["seller_id"]), ts=parse_iso(o["placed_at"]),
                               amount=amount, currency=cur, status=o["status"].strip().lower())
                    seen += 1
                    records[str(o["order_id"]).strip()] = rec
    return period, records, seen - len(records)


class Fx:
    def __init__(self, path):
        self.rates = {}
        with open(path, newline="") as f:
            for row in csv.DictReader(f):
                self.rates.setdefault(row["currency"].strip().upper(), []).append(
                    (dt.date.fromisoformat(row["date"].strip()), Decimal(row["eur_per_unit"].strip())))
        for v in self.rates.values():
            v.sort()

    def eur(self, amount, cur, day):
        if cur == "EUR":
            return q(amount)
        best = None
        for d, r in self.rates[cur]:
            if d <= day:
                best = r
            else:
                break
        if best is None:
            raise ValueError(f"no {cur} rate on or before {day}")
        return q(amount * best)


def main(indir, outdir):
    sellers = {}
    with open(os.path.join(indir, "sellers.csv"), newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            sid = norm_seller(row["seller_id"])
            sellers[sid] = dict(rate=parse_rate(row["fee_rate"]),
                                into=norm_seller(row["merged_into"]) if row["merged_into"].strip() else None,
                                on=dt.date.fromisoformat(row["merged_on"].strip()) if row["merged_on"].strip() else None)

    def owner(sid, day):
        hops = 0
        while sellers[sid]["into"] and sellers[sid]["on"] <= day and hops < 50:
            sid = sellers[sid]["into"]
            hops += 1
        return sid

    fx = Fx(os.path.join(indir, "fx.csv"))
    period, orders, superseded = load_orders(indir)
    periods = set(period)
    stats = dict(orders_superseded=superseded, orders_cancelled=0, orders_pending=0,
                 orders_unknown_seller=0, orders_out_of_period=0, orders_counted=0,
                 refunds_duplicate=0, refunds_orphan=0, refunds_out_of_period=0, refunds_counted=0)
    acc = {}

    def cell(sid, month):
        return acc.setdefault((sid, month), dict(orders=0, gross=Decimal(0), refunds=Decimal(0),
                                                  fees=Decimal(0), paid=Decimal(0)))

    attributed = {}
    for oid, o in orders.items():
        if o["status"] == "cancelled":
            stats["orders_cancelled"] += 1
            continue
        if o["status"] == "pending":
            stats["orders_pending"] += 1
            continue
        sid = norm_seller(o["seller"])
        if sid not in sellers:
            stats["orders_unknown_seller"] += 1
            continue
        month = o["ts"].strftime("%Y-%m")
        if month not in periods:
            stats["orders_out_of_period"] += 1
            continue
        day = o["ts"].date()
        sid = owner(sid, day)
        eur = fx.eur(o["amount"], o["currency"], day)
        c = cell(sid, month)
        c["orders"] += 1
        c["gross"] += eur
        c["fees"] += q(eur * sellers[sid]["rate"])
        stats["orders_counted"] += 1
        attributed[oid] = (sid, o["currency"])

    refunds = {}
    with open(os.path.join(indir, "refunds.csv"), newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            rid = row["refund_id"].strip()
            up = parse_iso(row["updated_at"])
            if rid in refunds:
                stats["refunds_duplicate"] += 1
                if up < refunds[rid][0]:
                    continue
            refunds[rid] = (up, row)
    for rid, (_, row) in refunds.items():
        oid = row["order_id"].strip()
        if oid not in attributed:
            stats["refunds_orphan"] += 1
            continue
        ts = parse_iso(row["refunded_at"])
        month = ts.strftime("%Y-%m")
        if month not in periods:
            stats["refunds_out_of_period"] += 1
            continue
        sid, cur = attributed[oid]
        eur = fx.eur(Decimal(row["amount"].strip()), cur, ts.date())
        cell(sid, month)["refunds"] += eur
        stats["refunds_counted"] += 1

    with open(os.path.join(indir, "payouts.csv"), newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            sid = norm_seller(row["seller"])
            month = row["month"].strip()
            if sid is None or month not in periods:
                continue
            cell(sid, month)["paid"] += Decimal(row["paid_eur"].strip())

    os.makedirs(outdir, exist_ok=True)
    tot = dict(gross=Decimal(0), refunds=Decimal(0), fees=Decimal(0), net=Decimal(0), paid=Decimal(0))
    mismatched = 0
    with open(os.path.join(outdir, "seller_months.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["seller_id", "month", "orders", "gross_eur", "refunds_eur", "fees_eur",
                    "net_eur", "paid_eur", "diff_eur"])
        for (sid, month) in sorted(acc):
            c = acc[(sid, month)]
            net = c["gross"] - c["refunds"] - c["fees"]
            diff = c["paid"] - net
            if diff != 0:
                mismatched += 1
            for k, v in (("gross", c["gross"]), ("refunds", c["refunds"]), ("fees", c["fees"]),
                         ("net", net), ("paid", c["paid"])):
                tot[k] += v
            w.writerow([sid, month, c["orders"], *(f"{v:.2f}" for v in
                        (c["gross"], c["refunds"], c["fees"], net, c["paid"], diff))])
    summary = dict(period=period, **stats, seller_months=len(acc), mismatched_seller_months=mismatched,
                   **{f"{k}_eur": f"{v:.2f}" for k, v in tot.items()})
    with open(os.path.join(outdir, "summary.json"), "w") as f:
        json.dump(summary, f, indent=2)
        f.write("\n")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
