"""Export posted invoices as JSON (full documents) or CSV (one row per line)."""

import csv
import io
import json

from ledgerly.dates import date_range_params, format_date
from ledgerly.money import format_amount, format_percent, format_quantity

CSV_COLUMNS = ("number", "issue_date", "due_date", "customer", "status", "position", "sku",
               "description", "quantity", "unit_price", "discount", "tax_code", "tax_rate",
               "net", "tax", "currency", "fx_rate", "base_net", "base_tax")


def _invoices(ledger, date_from, date_to, include_void):
    ledger.require("export.run")
    start, end = date_range_params(date_from, date_to)
    statuses = ("issued", "paid", "void") if include_void else ("issued", "paid")
    return ledger.repos.invoices.list(
        status=statuses, date_from=format_date(start) if start else None,
        date_to=format_date(end) if end else None, with_lines=True)


def export_json(ledger, *, date_from=None, date_to=None, include_void=False):
    invoices = _invoices(ledger, date_from, date_to, include_void)
    document = {
        "company": ledger.repos.settings.get("company_name"),
        "currency": ledger.repos.settings.get("currency"),
        "invoices": [invoice.to_dict() for invoice in invoices],
        "totals": {
            "subtotal": format_amount(sum(i.base_subtotal for i in invoices
                                          if i.status != "void")),
            "tax_total": format_amount(sum(i.base_tax_total for i in invoices
                                           if i.status != "void")),
            "total": format_amount(sum(i.base_total for i in invoices if i.status != "void")),
        },
    }
    return json.dumps(document, indent=2) + "\n"


def export_csv(ledger, *, date_from=None, date_to=None, include_void=False):
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for invoice in _invoices(ledger, date_from, date_to, include_void):
        for line in invoice.lines:
            writer.writerow([
                invoice.number, invoice.issue_date, invoice.due_date, invoice.customer_code,
                invoice.status, line.position, line.sku or "", line.description,
                format_quantity(line.quantity), format_amount(line.unit_price, invoice.exponent),
                format_percent(line.discount_bp), line.tax_code, format_percent(line.tax_bp),
                format_amount(line.net, invoice.exponent),
                format_amount(line.tax, invoice.exponent), invoice.currency, invoice.fx_rate,
                format_amount(line.base_net), format_amount(line.base_tax)])
    return out.getvalue()


PAYMENT_COLUMNS = ("id", "received_on", "customer", "method", "reference", "amount",
                   "allocated", "unallocated", "invoices", "currency", "fx_rate",
                   "base_amount")


def export_payments_csv(ledger, *, date_from=None, date_to=None):
    """One row per payment; ``invoices`` lists "NUMBER:AMOUNT" allocations joined by spaces."""
    ledger.require("export.run")
    start, end = date_range_params(date_from, date_to)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(PAYMENT_COLUMNS)
    for payment in ledger.repos.payments.list(
            date_from=format_date(start) if start else None,
            date_to=format_date(end) if end else None):
        writer.writerow([
            payment.id, payment.received_on, payment.customer_code, payment.method,
            payment.reference, format_amount(payment.amount, payment.exponent),
            format_amount(payment.allocated, payment.exponent),
            format_amount(payment.unallocated, payment.exponent),
            " ".join(f"{a.invoice_number}:{format_amount(a.amount, payment.exponent)}"
                     for a in payment.allocations),
            payment.currency, payment.fx_rate, format_amount(payment.base_amount)])
    return out.getvalue()
