import csv, json, sqlite3, sys, datetime as dt

DATA = sys.argv[1] if len(sys.argv) > 1 else "/app/data"
OUT = sys.argv[2] if len(sys.argv) > 2 else "/app/retention.csv"
UTC = dt.timezone.utc
ACTIVE = {"login", "purchase", "page_view"}
COHORTS = [(2024, m) for m in range(1, 7)]
LAST = (2024, 6)

signup = {}


def add(uid, t):
    if uid not in signup or t < signup[uid]:
        signup[uid] = t


with open(f"{DATA}/users.csv", newline="") as f:
    for row in csv.DictReader(f):
        uid = int(row["user_id"].strip().upper()[1:])
        t = dt.datetime.fromisoformat(row["signup_ts"].strip().replace("Z", "+00:00")).astimezone(UTC)
        add(uid, t.timestamp())
for rec in json.load(open(f"{DATA}/legacy_users.json")):
    d, m, y = (int(x) for x in rec["signup_date"].split("/"))
    add(int(rec["legacy_id"]), dt.datetime(y, m, d, tzinfo=UTC).timestamp())


def ym(ts):
    t = dt.datetime.fromtimestamp(ts, UTC)
    return (t.year, t.month)


def norm_ref(s):
    s = s.strip()
    if s.lower().startswith("user-"):
        return int(s[5:])
    if s[:1] in "Uu":
        return int(s[1:])
    return int(s)


active = set()  # (uid, (y, m))
con = sqlite3.connect(f"{DATA}/events.db")
for ref, etype, ts in con.execute("SELECT user_ref, event_type, ts FROM events"):
    if etype not in ACTIVE:
        continue
    uid = norm_ref(ref)
    if uid not in signup:
        continue
    t = ts / 1000 if ts > 100_000_000_000 else ts
    if t < signup[uid]:
        continue
    active.add((uid, ym(t)))

cohort_users = {c: [] for c in COHORTS}
for uid, t in signup.items():
    c = ym(t)
    if c in cohort_users:
        cohort_users[c].append(uid)

with open(OUT, "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["cohort", "users"] + [f"m{k}" for k in range(6)])
    for (y, m) in COHORTS:
        us = cohort_users[(y, m)]
        row = [f"{y}-{m:02d}", len(us)]
        for k in range(6):
            mm = m + k
            if (y, mm) > LAST:
                row.append("")
            else:
                n = sum(1 for u in us if (u, (y, mm)) in active)
                row.append(f"{n / len(us):.4f}")
        w.writerow(row)
