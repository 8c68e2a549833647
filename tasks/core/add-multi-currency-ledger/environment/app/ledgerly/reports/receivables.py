"""Receivables: aged balances and customer statements."""

from ledgerly.dates import date_range_params, days_between, format_date, parse_date, today
from ledgerly.domain.models import POSTED_STATUSES
from ledgerly.money import format_amount
from ledgerly.reports.base import Column, Report

BUCKETS = (("current", "Current", None, 0), ("d1_30", "1-30", 1, 30),
           ("d31_60", "31-60", 31, 60), ("d61_90", "61-90", 61, 90),
           ("d90_plus", "90+", 91, None))


def bucket_for(days_overdue):
    for key, _label, low, high in BUCKETS:
        if low is None and days_overdue <= (high or 0):
            return key
        if low is not None and days_overdue >= low and (high is None or days_overdue <= high):
            return key
    raise AssertionError(days_overdue)


def aged_receivables(ledger, as_of=None):
    """Outstanding per customer as of a date: invoices issued on or before it, less
    allocations of payments received on or before it, bucketed by days past due."""
    when = parse_date(as_of, what="as-of date") if as_of else today()
    stamp = format_date(when)
    paid = {row["invoice_id"]: row["amount"]
            for row in ledger.repos.payments.allocations_until(stamp)}
    invoices = ledger.repos.invoices.list(status=POSTED_STATUSES, date_to=stamp)
    rows = {}
    for invoice in invoices:
        left = invoice.total - paid.get(invoice.id, 0)
        if left == 0:
            continue
        row = rows.setdefault(invoice.customer_code, dict(
            {"customer": invoice.customer_code, "invoices": 0, "total": 0},
            **{key: 0 for key, *_ in BUCKETS}))
        key = bucket_for(days_between(parse_date(invoice.due_date), when))
        row[key] += left
        row["total"] += left
        row["invoices"] += 1
    ordered = sorted(rows.values(), key=lambda r: r["customer"])
    totals = {key: sum(r[key] for r in ordered) for key, *_ in BUCKETS}
    totals["total"] = sum(r["total"] for r in ordered)
    totals["invoices"] = sum(r["invoices"] for r in ordered)
    return Report(
        name="aged-receivables", title="Aged receivables",
        params={"as_of": stamp},
        columns=[Column("customer", "Customer"), Column("invoices", "Invoices", "int")]
        + [Column(key, label, "amount") for key, label, *_ in BUCKETS]
        + [Column("total", "Total", "amount")],
        rows=ordered, totals=totals)


def customer_statement(ledger, customer, date_from=None, date_to=None):
    """Invoices (debits) and payments (credits) of one customer with a running balance.

    The opening balance covers everything before ``date_from``; entries on one day list
    invoices before payments, each in id order.
    """
    cust = ledger.customers.get(customer)
    start, end = date_range_params(date_from, date_to)
    entries = []
    for invoice in ledger.repos.invoices.list(customer_id=cust.id, status=POSTED_STATUSES):
        entries.append((invoice.issue_date, 0, invoice.id, "invoice", invoice.number,
                        invoice.total))
    for payment in ledger.repos.payments.list(customer_id=cust.id):
        entries.append((payment.received_on, 1, payment.id, "payment",
                        payment.reference or f"payment {payment.id}", -payment.amount))
    entries.sort()
    opening = 0
    rows = []
    balance = 0
    for day, _order, _id, kind, ref, amount in entries:
        when = parse_date(day)
        if start and when < start:
            opening += amount
            balance += amount
            continue
        if end and when > end:
            continue
        balance += amount
        rows.append({"date": day, "kind": kind, "reference": ref,
                     "debit": amount if amount > 0 else None,
                     "credit": -amount if amount < 0 else None, "balance": balance})
    if not rows:
        balance = opening
    return Report(
        name="customer-statement", title=f"Statement for {cust.code} {cust.name}",
        params={"customer": cust.code, "from": date_from, "to": date_to},
        columns=[Column("date", "Date", "date"), Column("kind", "Kind"),
                 Column("reference", "Reference"), Column("debit", "Debit", "amount"),
                 Column("credit", "Credit", "amount"), Column("balance", "Balance", "amount")],
        rows=rows,
        totals={"debit": sum(r["debit"] or 0 for r in rows),
                "credit": sum(r["credit"] or 0 for r in rows), "balance": balance},
        notes=[f"Opening balance: {format_amount(opening)}"] if start else [])
