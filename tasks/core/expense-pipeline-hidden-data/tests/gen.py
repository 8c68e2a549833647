"""Seeded generator of messy expense datasets: python3 gen.py SEED OUTDIR [N]."""
import csv, datetime as dt, os, random, sys

VENDORS = [
    ["Acme Corp", "ACME Corp.", "acme corp, inc.", "The Acme Corp", "Acme  Corp LLC"],
    ["Blue Bottle Coffee", "BLUE BOTTLE COFFEE INC", "blue-bottle coffee", "Blue Bottle Coffee, Co."],
    ["Delta Air Lines", "DELTA AIR LINES INC.", "Delta Air-Lines", "delta air lines"],
    ["Marriott", "Marriott Inc", "MARRIOTT", "The Marriott"],
    ["Uber", "UBER", "Uber Ltd.", "uber inc"],
    ["Staples", "Staples, Inc.", "STAPLES", "staples co"],
    ["AT&T", "AT & T", "at&t inc", "AT&T Corp."],
    ["Hilton Garden Inn", "Hilton Garden Inn LLC", "HILTON GARDEN INN"],
    ["Lufthansa", "Lufthansa AG", "Deutsche Lufthansa", "LUFTHANSA GmbH"],
    ["Office Depot", "Office Depot Inc", "office depot", "Office-Depot"],
    ["Amazon Web Services", "AMAZON WEB SERVICES", "Amazon Web Services, LLC"],
    ["Joe's Diner", "Joes Diner", "JOE'S DINER", "Joe s Diner Ltd"],
    ["Corp Travel", "Corp Travel Co", "CORP TRAVEL"],
    ["The Home Depot", "Home Depot", "HOME DEPOT INC", "the home depot"],
]
CATS = {"travel": 250, "meals": 35, "lodging": 180, "software": 90, "office": 60, "telecom": 70}
CAT_VARIANTS = lambda c, r: r.choice([c, c.upper(), c.capitalize(), f" {c} ", c.title()])
DEPTS = ["Engineering", "Sales", "Marketing", "Finance", "Operations", "Legal"]


def fmt_date(d, r):
    k = r.random()
    if k < 0.55:
        return d.isoformat()
    if k < 0.8:
        return f"{d.day:02d}.{d.month:02d}.{d.year}"
    return f"{d.year}/{d.month:02d}/{d.day:02d}"


def fmt_amount(cents, r):
    neg = cents < 0
    a = abs(cents)
    s = f"{a // 100}.{a % 100:02d}"
    if a >= 100000 and r.random() < 0.6:
        s = f"{a // 100:,}.{a % 100:02d}"
    if a % 100 == 0 and r.random() < 0.3:
        s = s.split(".")[0]
    elif a % 10 == 0 and r.random() < 0.3:
        s = s[:-1]
    if neg:
        s = f"({s})" if r.random() < 0.5 else "-" + s
    if r.random() < 0.1:
        s = f" {s} "
    return s


def fmt_emp(n, r):
    k = r.random()
    if k < 0.6:
        return f"E{n:04d}"
    if k < 0.75:
        return f"e{n}"
    if k < 0.9:
        return str(n)
    return f" E{n:04d} "


def generate(seed, out, n=3000):
    r = random.Random(seed)
    os.makedirs(out, exist_ok=True)
    start = dt.date(2023 + r.randint(0, 2), r.randint(1, 6), 1)
    days = r.randint(150, 300)
    currencies = r.sample(["EUR", "GBP", "JPY", "CAD", "CHF", "AUD", "SEK"], r.randint(3, 5))
    base = {"EUR": 1.09, "GBP": 1.27, "JPY": 0.0068, "CAD": 0.74, "CHF": 1.12, "AUD": 0.66, "SEK": 0.095}
    # fx rates: business days only, one currency starts late (no_rate cases)
    late = {c: 0 for c in currencies}
    late[currencies[-1]] = r.randint(20, 60)
    fx = []
    for c in currencies:
        rate = base[c]
        for i in range(-5, days + 5):
            d = start + dt.timedelta(days=i)
            rate *= 1 + r.gauss(0, 0.004)
            if d.weekday() >= 5 or i < late[c] or r.random() < 0.05:
                continue
            fx.append((d.isoformat(), c, f"{rate:.6f}"))
    r.shuffle(fx)
    with open(os.path.join(out, "fx_rates.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["date", "currency", "rate_to_usd"])
        w.writerows(fx)
    # employees
    emp_ids = r.sample(range(1, 2000), r.randint(25, 45))
    with open(os.path.join(out, "employees.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["employee_id", "name", "department"])
        for e in emp_ids:
            w.writerow([f"E{e:04d}", f"Employee {e}", r.choice(DEPTS)])
    rows = []
    ids = r.sample(range(100000, 999999), n + 200)
    k = 0
    cats = list(CATS)
    for i in range(n):
        tid = f"T{ids[k]}"; k += 1
        d = start + dt.timedelta(days=r.randint(0, days))
        cat = r.choice(cats)
        cents = int(round(CATS[cat] * r.lognormvariate(0, 0.7) * 100))
        if r.random() < 0.03:
            cents = -cents
        if r.random() < 0.012:
            cents *= r.randint(20, 60)  # outlier
        cur = r.choice(["USD"] * 4 + currencies)
        cur_s = r.choice([cur, cur.lower(), f" {cur} "])
        if cur == "USD" and r.random() < 0.3:
            cur_s = ""
        if cur == "JPY":
            cents = cents * 150 // 100 * 100
        emp = r.choice(emp_ids)
        vendor = r.choice(VENDORS)
        row = [tid, fmt_date(d, r), r.choice(vendor), fmt_amount(cents, r), cur_s, CAT_VARIANTS(cat, r), fmt_emp(emp, r)]
        x = r.random()
        if x < 0.015:
            row[1] = r.choice(["", "N/A", f"{d.year}-02-30", f"31.04.{d.year}", f"{d.month}/{d.day}/{d.year}"])
        elif x < 0.03:
            row[3] = r.choice(["", "abc", "12.345", "1,2", "--5", "$40.00"])
        elif x < 0.04:
            row[4] = r.choice(["XYZ", "US", "EURO"])
        elif x < 0.05:
            row[6] = r.choice(["E9999", "x12", "", str(r.randint(2000, 3000))])
        elif x < 0.055:
            row[5] = ""
        rows.append(row)
        y = r.random()
        if y < 0.05:  # resubmitted with new id, fuzzy-equal
            dup = list(row)
            dup[0] = f"T{ids[k]}"; k += 1
            dd = d + dt.timedelta(days=r.choice([-1, 0, 0, 1, 1, 2]))
            dup[1] = fmt_date(dd, r)
            dup[2] = r.choice(vendor)
            dup[3] = fmt_amount(cents, r)
            dup[6] = fmt_emp(emp, r)
            dup[5] = CAT_VARIANTS(cat, r)
            if r.random() < 0.15:
                dup[3] = fmt_amount(cents + 1, r)  # near miss: not a duplicate
            rows.append(dup)
        elif y < 0.07:  # exact re-export with the same id
            rows.append(list(row))
    # local shuffle
    for _ in range(n // 3):
        a = r.randrange(len(rows) - 1)
        b = min(len(rows) - 1, a + r.randint(1, 15))
        rows[a], rows[b] = rows[b], rows[a]
    with open(os.path.join(out, "transactions.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["txn_id", "date", "vendor", "amount", "currency", "category", "employee"])
        w.writerows(rows)


if __name__ == "__main__":
    generate(int(sys.argv[1]), sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 3000)
