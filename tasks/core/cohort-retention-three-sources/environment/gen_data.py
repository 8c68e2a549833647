"""Builds /app/data at image build time (deterministic)."""
import csv, datetime as dt, json, os, random, sqlite3, sys

out = sys.argv[1] if len(sys.argv) > 1 else "/app/data"
os.makedirs(out, exist_ok=True)
r = random.Random(4040)
UTC = dt.timezone.utc
T0 = dt.datetime(2023, 12, 20, tzinfo=UTC)
T1 = dt.datetime(2024, 7, 10, tzinfo=UTC)


def month_start(y, m):
    return dt.datetime(y, m, 1, tzinfo=UTC)


def next_month(d):
    return month_start(d.year + (d.month == 12), d.month % 12 + 1)


users = []  # (uid_int, signup_dt_utc, source)
uid_pool = r.sample(range(1, 999999), 2300)
for uid in uid_pool[:2000]:
    # signups spread over late Dec 2023 .. early Jul 2024
    s = T0 + dt.timedelta(seconds=r.randint(0, int((T1 - T0).total_seconds())))
    # bias some to month edges so timezone conversions matter
    if r.random() < 0.15:
        ms = month_start(s.year, s.month)
        s = ms + dt.timedelta(minutes=r.choice([-1, 1]) * r.randint(1, 600))
    src = "legacy" if r.random() < 0.25 else "csv"
    if src == "legacy":
        s = s.replace(hour=0, minute=0, second=0, microsecond=0)
    users.append((uid, s, src))
unknown = uid_pool[2000:]

tzs = [0, 0, 0, 60, 120, -300, -240, -420, 330, 540, -600]
csv_rows, legacy_rows = [], []


def fmt_ts(s):
    off = r.choice(tzs)
    local = s.astimezone(dt.timezone(dt.timedelta(minutes=off)))
    if off == 0 and r.random() < 0.5:
        return local.strftime("%Y-%m-%dT%H:%M:%SZ")
    return local.isoformat()


def fmt_uid(uid):
    k = r.random()
    base = f"U{uid:06d}"
    if k < 0.8:
        return base
    if k < 0.9:
        return base.lower()
    return f" {base} "


for uid, s, src in users:
    if src == "csv":
        csv_rows.append([fmt_uid(uid), f"user{uid}@example.com", fmt_ts(s), r.choice(["free", "pro", "team"])])
        if r.random() < 0.06:  # later re-registration row
            later = s + dt.timedelta(days=r.randint(1, 90), seconds=r.randint(0, 86399))
            csv_rows.append([fmt_uid(uid), f"user{uid}@example.com", fmt_ts(later), r.choice(["free", "pro"])])
    else:
        legacy_rows.append({"legacy_id": uid, "signup_date": s.strftime("%d/%m/%Y"), "plan": r.choice(["basic", "gold"])})
        if r.random() < 0.2:  # also migrated into the new system later
            later = s + dt.timedelta(days=r.randint(0, 120), seconds=r.randint(1, 86399))
            csv_rows.append([fmt_uid(uid), f"user{uid}@example.com", fmt_ts(later), "pro"])
r.shuffle(csv_rows)
r.shuffle(legacy_rows)
with open(os.path.join(out, "users.csv"), "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["user_id", "email", "signup_ts", "plan"])
    w.writerows(csv_rows)
with open(os.path.join(out, "legacy_users.json"), "w") as f:
    json.dump(legacy_rows, f, indent=1)

events = []


def ref(uid):
    k = r.random()
    if k < 0.5:
        return f"U{uid:06d}"
    if k < 0.8:
        return str(uid)
    return f"user-{uid}"


def ts_val(t):
    e = int(t.timestamp())
    if r.random() < 0.15:
        return e * 1000 + r.randint(0, 999)
    return e


def rand_between(a, b):
    return a + dt.timedelta(seconds=r.randint(0, max(0, int((b - a).total_seconds()) - 1)))


END = dt.datetime(2024, 7, 31, tzinfo=UTC)
for uid, s, src in users:
    p = r.uniform(0.3, 0.9)
    m = month_start(s.year, s.month)
    first = True
    while m < END:
        lo = max(m, s)
        hi = next_month(m)
        if r.random() < (p if not first else min(0.95, p + 0.2)):
            for _ in range(r.randint(1, 4)):
                events.append((ref(uid), r.choice(["login", "login", "purchase", "page_view"]), ts_val(rand_between(lo, hi))))
        elif r.random() < 0.3:
            events.append((ref(uid), "heartbeat", ts_val(rand_between(lo, hi))))
        first = False
        p *= r.uniform(0.75, 1.0)
        m = hi
    if r.random() < 0.2:  # tracked before signing up
        events.append((ref(uid), "page_view", ts_val(s - dt.timedelta(seconds=r.randint(60, 20 * 86400)))))
for uid in unknown:
    for _ in range(r.randint(1, 5)):
        events.append((ref(uid), "login", ts_val(rand_between(T0, END))))
r.shuffle(events)
db = os.path.join(out, "events.db")
if os.path.exists(db):
    os.remove(db)
con = sqlite3.connect(db)
con.execute("CREATE TABLE events (id INTEGER PRIMARY KEY, user_ref TEXT NOT NULL, event_type TEXT NOT NULL, ts INTEGER NOT NULL)")
con.executemany("INSERT INTO events (user_ref, event_type, ts) VALUES (?, ?, ?)", events)
con.commit()
con.close()
