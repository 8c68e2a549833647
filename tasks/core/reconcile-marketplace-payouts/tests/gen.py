"""Generate one input folder for reconcile-marketplace-payouts: gen.make(seed, folder)."""
import csv
import datetime as dt
import json
import os
import random
from decimal import Decimal
from zoneinfo import ZoneInfo

import reference

BERLIN = ZoneInfo("Europe/Berlin")
UTC = dt.timezone.utc
MONTHS = ["2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06"]
CURRENCIES = [("EUR", 0.5), ("USD", 0.2), ("GBP", 0.12), ("SEK", 0.1), ("JPY", 0.08)]
BASE_RATE = {"USD": 0.92, "GBP": 1.17, "SEK": 0.088, "JPY": 0.0062}


def _seller_ref(r, n, canonical_ok=True):
    style = r.random()
    if style < 0.6 and canonical_ok:
        return f"S{n:04d}"
    if style < 0.7:
        return f"s-{n}"
    if style < 0.8:
        return f"S{n}"
    if style < 0.9:
        return f" s{n:04d} "
    return str(n)


def _de_amount(x):
    s = f"{x:,.2f}"  # 1,234.50
    s = s.replace(",", "_").replace(".", ",").replace("_", ".")
    if s.endswith(",00") and random.random() < 0.3:
        s = s[:-3]
    elif s.endswith("0") and "," in s and random.random() < 0.3:
        s = s[:-1]
    return s


def _month_of_local(ts):
    return ts.astimezone(BERLIN).strftime("%Y-%m")


def make(seed, folder):
    r = random.Random(seed)
    random.seed(seed + 1)  # _de_amount's trailing-zero style
    os.makedirs(os.path.join(folder, "orders"), exist_ok=True)
    # --- sellers
    n_sellers = r.randint(34, 46)
    ids = sorted(r.sample(range(1, 400), n_sellers))
    sellers = []
    for i in ids:
        pct = r.choice([5, 6, 7.5, 8, 8.5, 10, 12, 12.5, 15])
        rate = f"{pct}%" if r.random() < 0.5 else str(Decimal(str(pct)) / 100)
        sellers.append(dict(seller_id=f"S{i:04d}" if r.random() < 0.85 else f"S{i}", fee_rate=rate,
                            merged_into="", merged_on="", n=i))
    m = r.sample(range(n_sellers), 6)
    def mdate():
        return (dt.date(2026, 1, 10) + dt.timedelta(days=r.randint(0, 160))).isoformat()
    # a chain A -> B -> C (B merges later than A), and three plain merges
    a, b, c = m[0], m[1], m[2]
    d1 = dt.date(2026, 1, 20) + dt.timedelta(days=r.randint(0, 60))
    d2 = d1 + dt.timedelta(days=r.randint(10, 60))
    sellers[a].update(merged_into=_seller_ref(r, sellers[b]["n"]), merged_on=d1.isoformat())
    sellers[b].update(merged_into=_seller_ref(r, sellers[c]["n"]), merged_on=d2.isoformat())
    for x in m[3:]:
        tgt = r.choice([k for k in range(n_sellers) if k not in m])
        sellers[x].update(merged_into=_seller_ref(r, sellers[tgt]["n"]), merged_on=mdate())
    with open(os.path.join(folder, "sellers.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["seller_id", "name", "fee_rate", "merged_into", "merged_on"])
        for s in sellers:
            w.writerow([s["seller_id"], f"Seller {s['n']}", s["fee_rate"], s["merged_into"], s["merged_on"]])
    # --- fx: business days, some missing
    fx_rows = []
    day = dt.date(2025, 12, 29)
    level = dict(BASE_RATE)
    while day <= dt.date(2026, 8, 31):
        for cur in BASE_RATE:
            level[cur] *= 1 + r.gauss(0, 0.004)
        if day.weekday() < 5 and r.random() > 0.06:
            for cur in BASE_RATE:
                fx_rows.append([day.isoformat(), cur, f"{level[cur]:.6f}"])
        day += dt.timedelta(days=1)
    r.shuffle(fx_rows)
    with open(os.path.join(folder, "fx.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["date", "currency", "eur_per_unit"])
        w.writerows(fx_rows)
    # --- orders
    start = dt.datetime(2025, 12, 31, 23, 0, tzinfo=BERLIN).astimezone(UTC)
    end = dt.datetime(2026, 6, 30, 23, 59, tzinfo=BERLIN).astimezone(UTC)
    span = int((end - start).total_seconds() // 60)
    n_orders = r.randint(2600, 3400)
    files = {mo: [] for mo in MONTHS}
    used_ids = r.sample(range(10000, 99999), n_orders + 200)
    orders = []
    for k in range(n_orders):
        if r.random() < 0.04:  # near a month boundary (local vs UTC month differ)
            mo = r.choice(MONTHS + ["2026-07", "2026-03-30", "2026-03-31", "2026-03-30"])
            y, mm, dd = (list(map(int, mo.split("-"))) + [1])[:3]
            ts = dt.datetime(y, mm, dd, tzinfo=BERLIN).astimezone(UTC) + dt.timedelta(minutes=r.randint(-90, 150))
            ts = min(max(ts, start), end)
        else:
            ts = start + dt.timedelta(minutes=r.randint(0, span))
        ts = ts.replace(second=0)
        cur = r.choices([c for c, _ in CURRENCIES], [p for _, p in CURRENCIES])[0]
        major = round(r.lognormvariate(3.8, 0.9), 2)
        if cur == "JPY":
            major = float(int(major * 160))
        if r.random() < 0.03:
            sref = _seller_ref(r, r.choice([k for k in range(400, 999)]))
        else:
            sref = _seller_ref(r, sellers[r.randrange(n_sellers)]["n"])
        status = r.choices(["paid", "pending", "cancelled"], [0.87, 0.06, 0.07])[0]
        o = dict(order_id=f"O{used_ids[k]}", seller=sref, ts=ts, currency=cur, amount=major,
                 status=status, channel=r.choice(["web", "app", "api"]))
        orders.append(o)
        fmonth = _month_of_local(ts)
        if fmonth not in files:
            fmonth = MONTHS[-1]
        if r.random() < 0.07:  # late arrival
            fmonth = MONTHS[min(len(MONTHS) - 1, MONTHS.index(fmonth) + r.randint(1, 2))]
        files[fmonth].append(dict(o))
        if status == "pending" and r.random() < 0.6 or r.random() < 0.05:
            # re-exported later with a new state (and maybe a corrected amount)
            later = MONTHS[min(len(MONTHS) - 1, MONTHS.index(fmonth) + r.randint(0, 2))]
            o2 = dict(o, status=r.choices(["paid", "cancelled", "pending"], [0.75, 0.15, 0.1])[0])
            if r.random() < 0.3 and cur != "JPY":
                o2["amount"] = round(major * r.uniform(0.8, 1.1), 2)
            if r.random() < 0.5:
                o2["seller"] = _seller_ref(r, int(reference.norm_seller(o["seller"])[1:]))
            files[later].append(o2)
            o.update(o2)
    for mo in MONTHS:
        rows = files[mo]
        r.shuffle(rows)
        if mo <= "2026-03":
            cols = ["order_id", "seller", "placed_at", "amount", "currency", "status"]
            if mo == "2026-03":
                cols = ["order_id", "channel", "seller", "placed_at", "amount", "currency", "status"]
            with open(os.path.join(folder, "orders", f"orders_{mo}.csv"), "w", newline="", encoding="utf-8") as f:
                w = csv.writer(f, delimiter=";", lineterminator="\n")
                w.writerow(cols)
                for o in rows:
                    vals = dict(o, placed_at=o["ts"].astimezone(BERLIN).strftime("%d.%m.%Y %H:%M"),
                                amount=_de_amount(o["amount"]) if o["currency"] != "JPY" else f"{int(o['amount'])}",
                                currency=o["currency"] if r.random() < 0.9 else o["currency"].lower())
                    w.writerow([vals[c] for c in cols])
        else:
            with open(os.path.join(folder, "orders", f"orders_{mo}.jsonl"), "w", encoding="utf-8") as f:
                for o in rows:
                    off = r.choice([0, 0, 1, 2, -4, -7, 5.5, 9])
                    tz = dt.timezone(dt.timedelta(hours=off))
                    stamp = o["ts"].astimezone(tz).isoformat(timespec="seconds")
                    if off == 0 and r.random() < 0.5:
                        stamp = stamp.replace("+00:00", "Z")
                    digits = 0 if o["currency"] == "JPY" else 2
                    sid = o["seller"]
                    num = reference.norm_seller(sid)
                    rec = {"order_id": o["order_id"],
                           "seller_id": int(num[1:]) if num and r.random() < 0.3 else sid.strip(),
                           "placed_at": stamp, "amount_minor": int(round(o["amount"] * 10 ** digits)),
                           "currency": o["currency"], "status": o["status"].upper() if r.random() < 0.1 else o["status"]}
                    f.write(json.dumps(rec) + "\n")
    # --- refunds
    refunds = []
    final = {}
    for o in orders:
        final[o["order_id"]] = o
    rid = 5000
    for o in final.values():
        if r.random() < (0.1 if o["status"] == "paid" else 0.03):
            rid += r.randint(1, 7)
            at = o["ts"] + dt.timedelta(minutes=r.randint(30, 60 * 24 * 45))
            amt = o["amount"] * r.choice([1, 1, 0.5, 0.25, r.uniform(0.05, 0.9)])
            amt = f"{int(amt)}" if o["currency"] == "JPY" else f"{amt:.2f}"
            up = at + dt.timedelta(minutes=r.randint(1, 600))
            refunds.append([f"R{rid}", o["order_id"], at, amt, up])
            if r.random() < 0.12:  # a corrected copy, later or earlier update
                up2 = up + dt.timedelta(minutes=r.choice([-1, 1]) * r.randint(5, 3000))
                amt2 = f"{int(float(amt) * 0.9)}" if o["currency"] == "JPY" else f"{float(amt) * 0.9:.2f}"
                refunds.append([f"R{rid}", o["order_id"], at, amt2, up2])
    for _ in range(r.randint(5, 12)):
        rid += r.randint(1, 7)
        at = start + dt.timedelta(minutes=r.randint(0, span))
        refunds.append([f"R{rid}", f"O{r.randint(100000, 999999)}", at, "10.00", at + dt.timedelta(hours=1)])
    r.shuffle(refunds)
    with open(os.path.join(folder, "refunds.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["refund_id", "order_id", "refunded_at", "amount", "updated_at"])
        for rid_, oid, at, amt, up in refunds:
            w.writerow([rid_, oid, at.strftime("%Y-%m-%dT%H:%M:%SZ"), amt, up.strftime("%Y-%m-%dT%H:%M:%SZ")])
    # --- payouts: mostly what the marketplace owed, with errors
    with open(os.path.join(folder, "payouts.csv"), "w", newline="") as f:
        f.write("seller,month,paid_eur\n")
    tmp = folder + ".expected-tmp"
    reference.main(folder, tmp)
    with open(os.path.join(tmp, "seller_months.csv"), newline="") as f:
        owed = list(csv.DictReader(f))
    for name in os.listdir(tmp):
        os.remove(os.path.join(tmp, name))
    os.rmdir(tmp)
    pay = []
    for row in owed:
        net = Decimal(row["net_eur"])
        n = int(row["seller_id"][1:])
        u = r.random()
        if u < 0.06 or net <= 0:
            continue
        if u < 0.14:
            net += Decimal(r.randint(-3000, 3000)) / 100
        if u < 0.20 and u >= 0.14:
            part = (net * Decimal(r.uniform(0.2, 0.8))).quantize(Decimal("0.01"))
            pay.append([_seller_ref(r, n), row["month"], f"{part:.2f}"])
            net -= part
        pay.append([_seller_ref(r, n), row["month"], f"{net:.2f}"])
    for s in sellers:
        if s["merged_into"] and r.random() < 0.5:  # the bank still paid the old account
            pay.append([_seller_ref(r, s["n"]), r.choice(MONTHS), f"{r.uniform(10, 300):.2f}"])
    pay.append([_seller_ref(r, sellers[0]["n"]), "2026-07", "99.00"])
    r.shuffle(pay)
    with open(os.path.join(folder, "payouts.csv"), "a", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(pay)


if __name__ == "__main__":
    import sys
    make(int(sys.argv[1]), sys.argv[2])
