"""Overdue invoices with a reminder level, for dunning letters."""

from ledgerly.currency import to_base
from ledgerly.dates import days_between, format_date, parse_date, today
from ledgerly.reports.base import Column, Report

LEVELS = ((45, 3), (15, 2), (1, 1))


def reminder_level(days_overdue):
    for threshold, level in LEVELS:
        if days_overdue >= threshold:
            return level
    return 0


def overdue_invoices(ledger, as_of=None, min_level=None):
    """Issued invoices past due on ``as_of`` with an outstanding amount, most overdue first.

    Unlike aged-receivables this uses every allocation recorded so far, whatever the payment
    date: a reminder should never be sent for an invoice already paid.
    """
    when = parse_date(as_of, what="as-of date") if as_of else today()
    floor = int(min_level) if min_level else 1
    rows = []
    for invoice in ledger.repos.invoices.list(status="issued", date_to=format_date(when)):
        days = days_between(parse_date(invoice.due_date), when)
        level = reminder_level(days)
        if level < floor or invoice.outstanding <= 0:
            continue
        rows.append({"number": invoice.number, "customer": invoice.customer_code,
                     "due_date": invoice.due_date, "days_overdue": days, "level": level,
                     "outstanding": to_base(invoice.outstanding, invoice.exponent,
                                            invoice.fx_rate)})
    rows.sort(key=lambda r: (-r["days_overdue"], r["number"]))
    return Report(
        name="overdue-invoices", title="Overdue invoices",
        params={"as_of": format_date(when), "min_level": floor},
        columns=[Column("number", "Invoice"), Column("customer", "Customer"),
                 Column("due_date", "Due", "date"), Column("days_overdue", "Days", "int"),
                 Column("level", "Level", "int"),
                 Column("outstanding", "Outstanding", "amount")],
        rows=rows, totals={"outstanding": sum(r["outstanding"] for r in rows)})
