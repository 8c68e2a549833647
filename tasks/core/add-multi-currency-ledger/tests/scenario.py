"""Seeded scenarios: version-5 ledger databases (as SQL dumps) and the steps run against them.

Built as root by the grader with the reference code's version-1..5 migrations and its v5
arithmetic (identical to the starting code's); nothing here is an expected value.
"""

import random
import sqlite3
import tempfile
from fractions import Fraction

from ledgerly import money
from ledgerly.storage import migrations
from ledgerly.storage.db import Database

TODAY = "2024-06-30"
BASES = ["EUR", "USD", "GBP", "CHF", "SEK", "ZAR"]
TWO_DECIMAL = ["USD", "EUR", "GBP", "CHF", "SEK", "NOK", "DKK", "PLN", "CAD", "AUD"]
TAX = {"STD": 2000, "RED": 500, "ZERO": 0, "EXEMPT": 0}


def day(rng, start="2023-10-01", span=240):
    import datetime as dt
    return (dt.date.fromisoformat(start) + dt.timedelta(days=rng.randrange(span))).isoformat()


def plus(date, days):
    import datetime as dt
    return (dt.date.fromisoformat(date) + dt.timedelta(days=days)).isoformat()


def rate_text(rng, low, high):
    value = Fraction(rng.randrange(int(low * 10**6), int(high * 10**6)), 10**6)
    text = f"{value.numerator / value.denominator:.6f}"
    return text if rng.random() < 0.3 else text.rstrip("0").rstrip(".")


def v5_database(rng, base, *, drop_currency=False):
    """A populated version-5 ledger; returns its SQL dump and facts for the steps."""
    path = tempfile.mktemp(suffix=".db")
    db = Database(path)
    migrations.migrate(db, 5)
    ex = db.execute
    ex("UPDATE settings SET value = ? WHERE key = 'currency'", (base,))
    prefix = rng.choice(["INV-", "F/", "A-"])
    ex("UPDATE settings SET value = ? WHERE key = 'invoice_prefix'", (prefix,))
    ex("UPDATE settings SET value = ? WHERE key = 'payment_terms_days'",
       (str(rng.choice([14, 30, 45])),))
    customers = []
    for i in range(rng.randint(4, 7)):
        code = f"C{i + 1:02d}"
        exempt = rng.random() < 0.2
        limit = rng.choice([0, 0, 0, 500000, 2000000])
        ex("INSERT INTO customers (code, name, email, country, tax_exempt, credit_limit, "
           "created_at, archived) VALUES (?, ?, ?, ?, ?, ?, ?, 0)",
           (code, f"Customer {i + 1}", f"c{i}@example.test", rng.choice(["DE", "FR", ""]),
            int(exempt), limit, "2023-09-01T00:00:00"))
        customers.append({"id": i + 1, "code": code, "exempt": exempt})
    products = []
    for i in range(rng.randint(4, 7)):
        sku = f"P-{i + 1}"
        price = rng.choice([rng.randrange(50, 5000), rng.randrange(5000, 90000)])
        track = rng.random() < 0.5
        ex("INSERT INTO products (sku, name, unit_price, tax_code, archived, track_stock) "
           "VALUES (?, ?, ?, ?, 0, ?)",
           (sku, f"Product {i + 1}", price, rng.choice(["STD", "STD", "RED", "ZERO"]),
            int(track)))
        products.append({"id": i + 1, "sku": sku, "price": price, "track": track})
        if track:
            ex("INSERT INTO stock_movements (product_id, quantity, kind, reference, "
               "occurred_on) VALUES (?, ?, 'receipt', 'opening', '2023-09-15')",
               (i + 1, rng.randrange(200, 400) * 1000))
    invoices = []
    dates = sorted(day(rng) for _ in range(rng.randint(16, 26)))
    number = 0
    for issue in dates:
        cust = rng.choice(customers)
        status = rng.choices(["draft", "issued", "void"], [2, 12, 1])[0]
        lines = []
        for position in range(1, rng.randint(1, 4) + 1):
            product = rng.choice(products + [None])
            qty = rng.choice([1000, 2000, 3000, 1500, 250, 12000, 333])
            if product and product["track"]:
                qty = rng.randint(1, 5) * 1000
            price = product["price"] if product and rng.random() < 0.7 else rng.randrange(1, 99999)
            disc = rng.choice([0, 0, 0, 500, 1250, 3333])
            code = "EXEMPT" if cust["exempt"] else rng.choice(["STD", "STD", "RED", "ZERO"])
            net = money.line_net(qty, price, disc)
            tax = money.tax_amount(net, TAX[code])
            lines.append((position, product["id"] if product else None,
                          product["sku"] if product else f"Work item {position}", qty, price,
                          disc, code, TAX[code], net, tax))
        subtotal = sum(l[8] for l in lines)
        tax_total = sum(l[9] for l in lines)
        num = None
        if status != "draft":
            number += 1
            num = f"{prefix}{number:05d}"
        terms = rng.choice([14, 30, 60])
        cur = ex("INSERT INTO invoices (number, customer_id, status, issue_date, due_date, "
                 "notes, subtotal, tax_total, total, created_at, void_reason) "
                 "VALUES (?, ?, ?, ?, ?, '', ?, ?, ?, ?, ?)",
                 (num, cust["id"], status, issue, plus(issue, terms), subtotal, tax_total,
                  subtotal + tax_total, issue + "T09:00:00",
                  "cancelled" if status == "void" else ""))
        inv_id = cur.lastrowid
        for line in lines:
            ex("INSERT INTO invoice_lines (invoice_id, position, product_id, description, "
               "quantity, unit_price, discount_bp, tax_code, tax_bp, net, tax) "
               "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", (inv_id, *line))
            if status == "issued" and line[1] is not None and products[line[1] - 1]["track"]:
                ex("INSERT INTO stock_movements (product_id, quantity, kind, reference, "
                   "occurred_on) VALUES (?, ?, 'sale', ?, ?)", (line[1], -line[3], num, issue))
        invoices.append({"id": inv_id, "number": num, "status": status, "customer": cust,
                         "total": subtotal + tax_total, "paid": 0, "issue": issue})
    ex("UPDATE settings SET value = ? WHERE key = 'next_invoice_number'", (str(number + 1),))
    payments = []
    for _ in range(rng.randint(5, 10)):
        cust = rng.choice(customers)
        open_ = [i for i in invoices if i["customer"] is cust and i["status"] == "issued"
                 and i["paid"] < i["total"]]
        when = day(rng, "2023-11-01", 220)
        amount = rng.randrange(1000, 80000)
        cur = ex("INSERT INTO payments (customer_id, received_on, amount, method, reference) "
                 "VALUES (?, ?, ?, ?, ?)", (cust["id"], when, amount,
                                            rng.choice(["bank", "card", "cash"]),
                                            rng.choice(["", "REF-" + str(rng.randrange(999))])))
        pid = cur.lastrowid
        left = amount
        for invoice in open_:
            if left <= 0:
                break
            take = min(left, invoice["total"] - invoice["paid"])
            if rng.random() < 0.25:
                take = max(1, take // 2)
            ex("INSERT INTO payment_allocations (payment_id, invoice_id, amount) "
               "VALUES (?, ?, ?)", (pid, invoice["id"], take))
            invoice["paid"] += take
            left -= take
            if invoice["paid"] == invoice["total"]:
                invoice["status"] = "paid"
                ex("UPDATE invoices SET status = 'paid' WHERE id = ?", (invoice["id"],))
        payments.append({"id": pid, "customer": cust})
    ex("INSERT INTO users (username, role, token, active) VALUES ('olduser', 'viewer', "
       "'old-token', 1)")
    ex("INSERT INTO audit_log (at, actor, action, entity, entity_id, detail) VALUES "
       "('2024-01-01T00:00:00', 'system', 'create', 'customer', 'C01', '{}')")
    if drop_currency:
        ex("DELETE FROM settings WHERE key = 'currency'")
    db.close()
    conn = sqlite3.connect(path)
    sql = "\n".join(conn.iterdump())
    conn.close()
    return sql, {"customers": customers, "products": products, "invoices": invoices,
                 "payments": payments, "prefix": prefix}


class Steps:
    def __init__(self):
        self.steps = []

    def cli(self, *args, normalise=None):
        step = {"kind": "cli", "args": [str(a) for a in args]}
        if normalise:
            step["normalise"] = normalise
        self.steps.append(step)

    def report(self, name, *args):
        self.cli("report", name, "--format", "json", *args)

    def sql(self, query):
        self.steps.append({"kind": "sql", "query": query})

    def api(self, method, path, body=None, token="tok-admin"):
        self.steps.append({"kind": "api", "method": method, "path": path, "body": body,
                           "token": token})


def all_reports(s, customers):
    s.report("sales-by-customer")
    s.report("sales-by-customer", "--from", "2024-01-01", "--to", "2024-03-31")
    s.report("sales-by-product")
    s.report("sales-by-month")
    s.report("tax-summary")
    s.report("tax-summary", "--from", "2024-02-01")
    for as_of in ("2024-01-31", "2024-04-15", TODAY):
        s.report("aged-receivables", "--as-of", as_of)
    s.report("overdue-invoices", "--as-of", "2024-05-20")
    s.report("inventory-valuation", "--as-of", "2024-03-01")
    for code in customers:
        s.report("customer-statement", "--customer", code)
        s.report("customer-statement", "--customer", code, "--from", "2024-02-01",
                 "--to", "2024-05-31")


def migrated_scenario(seed):
    rng = random.Random(seed)
    base = rng.choice(BASES)
    sql, facts = v5_database(rng, base)
    olds = [c["code"] for c in facts["customers"]]
    foreign2 = rng.choice([c for c in TWO_DECIMAL if c != base])
    s = Steps()
    # -- before and during the migration --------------------------------------------------
    s.report("sales-by-customer")
    s.cli("migrate", normalise="migrate")
    s.cli("migrate", normalise="migrate")
    s.cli("migrate", "--status", normalise="status")
    s.sql("SELECT code, exponent FROM currencies ORDER BY code")
    s.cli("check")
    s.cli("settings", "get", "currency")
    all_reports(s, rng.sample(olds, 2))
    s.report("fx-gains")
    for invoice in rng.sample(facts["invoices"], min(8, len(facts["invoices"]))):
        s.cli("invoice", "show", invoice["id"])
    for payment in facts["payments"][:3]:
        s.cli("payment", "show", payment["id"])
    for code in olds[:3]:
        s.cli("customer", "show", code)
        s.cli("balance", code)
    s.cli("currency", "list")
    s.cli("export", "--format", "json")
    s.cli("export", "--format", "csv")
    s.cli("export", "payments")
    # -- currencies and rates ---------------------------------------------------------------
    s.cli("user", "add", "apiadmin", "admin", "--token", "tok-admin")
    s.cli("user", "add", "apiview", "viewer", "--token", "tok-view")
    s.steps.append({"kind": "serve"})
    odd_exp = rng.choice([1, 4])
    s.cli("currency", "add", "zzc", odd_exp)
    s.cli("currency", "add", "ZZC", 2)
    s.cli("currency", "add", "ABCD", 2)
    s.cli("currency", "add", "QQQ", 5)
    s.api("POST", "/currencies", {"code": "YYB", "exponent": 3})
    s.api("POST", "/currencies", {"code": "YYC", "exponent": 1}, token="tok-view")
    s.api("GET", "/currencies", token="tok-view")
    r2 = [rate_text(rng, 0.5, 1.6) for _ in range(3)]
    s.cli("fx", "set", foreign2, "2024-01-01", r2[0])
    s.cli("fx", "set", foreign2, "2024-03-01", r2[1])
    s.cli("fx", "set", foreign2, "2024-05-01", "9")
    s.cli("fx", "set", foreign2, "2024-05-01", r2[2])          # replaces
    s.cli("fx", "set", "jpy", "2024-01-01", rate_text(rng, 0.005, 0.009))
    s.cli("fx", "set", "JPY", "2024-04-10", "0.00" + str(rng.randrange(500, 900)) + "0")
    s.api("PUT", "/fx-rates/KWD/2024-01-01", {"rate": rate_text(rng, 2.5, 3.5)})
    s.api("PUT", "/fx-rates/KWD/2024-04-01", {"rate": rate_text(rng, 2.5, 3.5)})
    s.api("PUT", "/fx-rates/KWD/2024-04-02", {"rate": "1.5"}, token="tok-view")
    s.cli("fx", "set", "ZZC", "2024-01-01", rate_text(rng, 10, 40))
    for bad in ("0", "-1", "1.1234567", "abc", "1e3", "0.000000"):
        s.cli("fx", "set", foreign2, "2024-02-01", bad)
    s.cli("fx", "set", base, "2024-02-01", "1")
    s.cli("fx", "set", "QQQ", "2024-02-01", "1")
    s.api("PUT", f"/fx-rates/{foreign2}/2024-02-30", {"rate": "1"})
    s.cli("fx", "rate", foreign2, "2023-12-31")
    s.cli("fx", "rate", foreign2, "2024-01-01")
    s.cli("fx", "rate", foreign2, "2024-04-30")
    s.cli("fx", "rate", foreign2, "2024-06-30")
    s.cli("fx", "rate", base, "2020-01-01")
    s.api("GET", "/fx-rates/JPY/2024-04-09", token="tok-view")
    s.api("GET", "/fx-rates/JPY/2023-06-01")
    s.cli("fx", "list")
    s.cli("fx", "list", "JPY")
    s.api("GET", f"/fx-rates?currency={foreign2}")
    s.cli("settings", "set", "currency", foreign2)
    # -- customers ----------------------------------------------------------------------------
    s.cli("customer", "add", "F2", "Foreign two", "--currency", foreign2.lower(),
          "--credit-limit", "90000.5")
    s.cli("customer", "add", "JP", "Japan KK", "--currency", "JPY", "--credit-limit", "10.5")
    s.cli("customer", "add", "JP", "Japan KK", "--currency", "JPY", "--credit-limit",
          str(rng.randrange(5000000, 9000000)))
    s.api("POST", "/customers", {"code": "KW", "name": "Kuwait Co", "currency": "KWD",
                                 "credit_limit": "100000.125"})
    s.api("POST", "/customers", {"code": "ZZ", "name": "Odd Co", "currency": "ZZC"})
    s.api("POST", "/customers", {"code": "QQ", "name": "Nope", "currency": "QQQ"})
    s.cli("customer", "add", "NB", "New base")
    s.cli("customer", "add", "SW", "Switcher", "--credit-limit", "123.45")
    s.cli("customer", "update", "SW", "--currency", "JPY")
    s.cli("customer", "update", "SW", "--currency", "KWD", "--credit-limit", "7.125")
    s.api("PATCH", "/customers/SW", {"currency": base})
    s.cli("customer", "update", olds[0], "--currency", foreign2)
    s.cli("customer", "show", "JP")
    s.api("GET", "/customers/KW")
    # -- invoices -----------------------------------------------------------------------------
    next_id = max(i["id"] for i in facts["invoices"]) + 1
    skus = [p["sku"] for p in facts["products"] if not p["track"]] or \
        [facts["products"][0]["sku"]]
    plan = [("F2", "2024-01-15"), ("JP", "2024-02-10"), ("F2", "2024-03-05"),
            ("JP", "2024-04-20"), ("ZZ", "2024-02-02")]
    explicit = {"F2": "19.99", "JP": "1500", "ZZ": "12.5" if odd_exp == 1 else "12.3456"}
    ids = {}
    for code, date in plan:
        s.cli("invoice", "create", code, "--date", date)
        inv = next_id
        next_id += 1
        ids.setdefault(code, []).append(inv)
        s.cli("invoice", "add-line", inv, "--sku", rng.choice(skus), "--quantity",
              rng.choice(["1", "2", "3.5", "0.75"]))
        s.cli("invoice", "add-line", inv, "--sku", rng.choice(skus), "--quantity", "2",
              "--discount", rng.choice(["0", "10", "33.33"]))
        s.cli("invoice", "add-line", inv, "--description", "Fee", "--price", explicit[code],
              "--tax-code", rng.choice(["STD", "RED", "ZERO"]))
        s.cli("invoice", "issue", inv)
    s.cli("invoice", "add-line", ids["JP"][0], "--description", "late", "--price", "1")
    # a draft dated before the first rate: product prices and issuing need a rate
    s.cli("invoice", "create", "F2", "--date", "2023-12-15")
    early = next_id
    next_id += 1
    s.cli("invoice", "add-line", early, "--sku", skus[0])
    s.cli("invoice", "add-line", early, "--description", "Manual", "--price", "10.015")
    s.cli("invoice", "add-line", early, "--description", "Manual", "--price", "10.01")
    s.cli("invoice", "issue", early)
    s.cli("invoice", "show", early)
    s.cli("invoice", "update", early, "--date", "2024-01-02", "--due", "2024-02-15")
    s.cli("invoice", "issue", early)
    s.api("POST", "/invoices", {"customer": "KW", "issue_date": "2024-04-03",
                                "lines": [{"sku": skus[-1], "quantity": "4"},
                                          {"description": "Freight", "unit_price": "3.375",
                                           "tax_code": "ZERO"}]})
    kw = next_id
    next_id += 1
    s.api("POST", f"/invoices/{kw}/issue")
    s.api("POST", "/invoices", {"customer": "NB", "issue_date": "2024-03-03",
                                "lines": [{"sku": skus[0], "quantity": "2"}]})
    nb = next_id
    next_id += 1
    s.api("POST", f"/invoices/{nb}/issue")
    s.api("GET", f"/invoices/{kw}", token="tok-view")
    # credit limit in the customer's currency
    s.cli("invoice", "create", "JP", "--date", "2024-05-05")
    big = next_id
    next_id += 1
    s.api("POST", f"/invoices/{big}/lines", {"description": "x", "unit_price": "1.5"})
    s.cli("invoice", "add-line", big, "--description", "Big", "--price", "999999",
          "--quantity", "9")
    s.cli("invoice", "issue", big)
    # -- payments -----------------------------------------------------------------------------
    next_payment = len(facts["payments"]) + 1
    s.cli("payment", "record", "JP", "100.5", "--date", "2024-04-25")
    s.cli("payment", "record", "JP", rng.randrange(3000, 9000), "--date", "2024-04-25",
          "--auto")
    next_payment += 1
    s.cli("payment", "record", "F2", "50.01", "--date", "2024-03-15")
    f2_pay = next_payment
    next_payment += 1
    s.cli("payment", "allocate", f2_pay, ids["F2"][0], "--amount", "20.005")
    s.cli("payment", "allocate", f2_pay, ids["F2"][0], "--amount", "20.01")
    s.cli("payment", "allocate", f2_pay, ids["F2"][1])
    s.cli("payment", "allocate", f2_pay, ids["JP"][0], "--amount", "1")
    s.cli("payment", "record", "F2", "5000", "--date", "2024-05-10", "--auto")
    next_payment += 1
    s.cli("payment", "record", "F2", "10", "--date", "2023-12-01")
    s.api("POST", "/payments", {"customer": "KW", "amount": "10.0005",
                                "received_on": "2024-04-05"})
    s.api("POST", "/payments", {"customer": "KW", "amount": "20.5",
                                "received_on": "2024-04-05", "auto_allocate": True})
    next_payment += 1
    s.api("POST", "/payments", {"customer": "ZZ", "amount": explicit["ZZ"],
                                "received_on": "2024-06-01"})
    zz_pay = next_payment
    next_payment += 1
    s.api("POST", f"/payments/{zz_pay}/allocations", {"invoice": str(ids["ZZ"][0])})
    s.cli("payment", "record", "NB", "10", "--date", "2024-03-10", "--auto")
    next_payment += 1
    s.cli("payment", "record", olds[0], "12.34", "--date", "2024-06-01", "--auto")
    next_payment += 1
    # rates that put conversions exactly on half a cent: rounding must go away from zero
    half = rng.choice([c for c in TWO_DECIMAL if c not in (base, foreign2)])
    s.cli("fx", "set", half, "2024-01-01", "1.5")
    s.cli("fx", "set", half, "2024-03-20", "2.5")
    s.cli("customer", "add", "HX", "Half Co", "--currency", half)
    hx = []
    for date in ("2024-02-01", "2024-04-01"):
        s.cli("invoice", "create", "HX", "--date", date)
        hx.append(next_id)
        next_id += 1
        for _ in range(3):
            price = f"{rng.randrange(1, 400)}.{rng.randrange(0, 50) * 2 + 1:02d}"
            s.cli("invoice", "add-line", hx[-1], "--description", "Odd", "--price", price,
                  "--tax-code", rng.choice(["STD", "ZERO", "RED"]))
        s.cli("invoice", "add-line", hx[-1], "--sku", skus[0], "--quantity", "1")
        s.cli("invoice", "issue", hx[-1])
    s.cli("payment", "record", "HX", f"{rng.randrange(100, 900)}.{rng.randrange(0, 50) * 2 + 1:02d}",
          "--date", "2024-04-15", "--auto")
    next_payment += 1
    s.cli("payment", "show", next_payment - 1)
    s.report("aged-receivables", "--as-of", "2024-03-25", "--revalue")
    for pid in (f2_pay, zz_pay, next_payment - 1):
        s.cli("payment", "show", pid)
    s.cli("invoice", "void", ids["F2"][0], "--reason", "x")
    s.cli("invoice", "void", ids["JP"][1], "--reason", "wrong")
    s.cli("settings", "set", "currency", foreign2)
    s.cli("customer", "update", "JP", "--currency", base)
    s.cli("balance", "JP")
    s.cli("balance", "F2")
    # -- everything after the activity -----------------------------------------------------
    all_reports(s, ["F2", "JP", "KW", olds[1]])
    s.report("fx-gains")
    s.report("fx-gains", "--from", "2024-05-01")
    for as_of in ("2024-04-30", TODAY):
        s.report("aged-receivables", "--as-of", as_of, "--revalue")
    s.report("aged-receivables", "--as-of", "2023-12-20", "--revalue")
    s.report("customer-statement", "--customer", "JP", "--format", "csv")
    s.cli("report", "customer-statement", "--customer", "KW", "--format", "csv",
          "--from", "2024-04-04")
    s.api("GET", "/reports/fx-gains", token="tok-view")
    s.api("GET", "/reports/aged-receivables?as_of=2024-05-31&revalue=true")
    s.api("GET", "/reports/sales-by-customer")
    s.api("GET", "/reports/customer-statement?customer=ZZ")
    for inv in ids["F2"] + ids["JP"] + [early, kw, nb]:
        s.cli("invoice", "show", inv)
    s.api("GET", f"/invoices?customer=JP")
    s.api("GET", "/payments?customer=KW")
    s.cli("export", "--format", "json")
    s.cli("export", "--format", "csv", "--from", "2024-01-01")
    s.cli("export", "payments")
    s.cli("check")
    s.sql("SELECT MAX(version) FROM schema_migrations")
    return {"name": f"migrated-{seed % 1000}", "sql": sql, "steps": s.steps}


def failing_scenario(seed, kind):
    rng = random.Random(seed)
    if kind == "jpy-base":
        sql, _facts = v5_database(rng, rng.choice(["JPY", "KWD", "ISK"]))
    else:
        sql, _facts = v5_database(rng, "EUR", drop_currency=True)
    s = Steps()
    s.cli("migrate", normalise="migrate")
    s.sql("SELECT MAX(version) FROM schema_migrations")
    s.sql("SELECT COUNT(*) FROM sqlite_master WHERE name IN ('currencies', 'fx_rates')")
    s.sql("SELECT name FROM pragma_table_info('customers') ORDER BY cid")
    s.sql("SELECT name FROM pragma_table_info('invoices') ORDER BY cid")
    s.sql("SELECT name FROM pragma_table_info('payments') ORDER BY cid")
    s.sql("SELECT key, value FROM settings ORDER BY key")
    s.cli("migrate", "--status", normalise="status")
    s.cli("customer", "list")
    return {"name": f"fails-{kind}", "sql": sql, "steps": s.steps}


def build(seed):
    return {"today": TODAY, "databases": [
        migrated_scenario(seed),
        migrated_scenario(seed + 7919),
        failing_scenario(seed + 1, "jpy-base"),
        failing_scenario(seed + 2, "no-currency"),
    ]}
