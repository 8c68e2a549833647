"""Sales reports over posted (issued or paid) invoices, by issue date."""

from ledgerly.dates import date_range_params, format_date
from ledgerly.domain.models import POSTED_STATUSES
from ledgerly.reports.base import Column, Report


def _posted(ledger, start, end, customer_id=None):
    return ledger.repos.invoices.list(
        status=POSTED_STATUSES, customer_id=customer_id,
        date_from=format_date(start) if start else None,
        date_to=format_date(end) if end else None, with_lines=True)


def sales_by_customer(ledger, date_from=None, date_to=None):
    start, end = date_range_params(date_from, date_to)
    rows = {}
    for invoice in _posted(ledger, start, end):
        row = rows.setdefault(invoice.customer_code, {
            "customer": invoice.customer_code, "invoices": 0, "net": 0, "tax": 0, "total": 0})
        row["invoices"] += 1
        row["net"] += invoice.base_subtotal
        row["tax"] += invoice.base_tax_total
        row["total"] += invoice.base_total
    names = {c.code: c.name for c in ledger.repos.customers.list(include_archived=True)}
    ordered = sorted(rows.values(), key=lambda r: (-r["total"], r["customer"]))
    for row in ordered:
        row["name"] = names.get(row["customer"], "")
    return Report(
        name="sales-by-customer", title="Sales by customer",
        params={"from": date_from, "to": date_to},
        columns=[Column("customer", "Customer"), Column("name", "Name"),
                 Column("invoices", "Invoices", "int"), Column("net", "Net", "amount"),
                 Column("tax", "Tax", "amount"), Column("total", "Total", "amount")],
        rows=ordered,
        totals={"invoices": sum(r["invoices"] for r in ordered),
                "net": sum(r["net"] for r in ordered), "tax": sum(r["tax"] for r in ordered),
                "total": sum(r["total"] for r in ordered)})


def sales_by_product(ledger, date_from=None, date_to=None):
    start, end = date_range_params(date_from, date_to)
    rows = {}
    for invoice in _posted(ledger, start, end):
        for line in invoice.lines:
            key = line.sku or "(none)"
            row = rows.setdefault(key, {"sku": key, "quantity": 0, "net": 0, "lines": 0})
            row["quantity"] += line.quantity
            row["net"] += line.base_net
            row["lines"] += 1
    ordered = sorted(rows.values(), key=lambda r: (-r["net"], r["sku"]))
    return Report(
        name="sales-by-product", title="Sales by product",
        params={"from": date_from, "to": date_to},
        columns=[Column("sku", "SKU"), Column("lines", "Lines", "int"),
                 Column("quantity", "Quantity", "quantity"), Column("net", "Net", "amount")],
        rows=ordered,
        totals={"lines": sum(r["lines"] for r in ordered),
                "net": sum(r["net"] for r in ordered)})


def tax_summary(ledger, date_from=None, date_to=None):
    start, end = date_range_params(date_from, date_to)
    rows = {}
    for invoice in _posted(ledger, start, end):
        for line in invoice.lines:
            row = rows.setdefault((line.tax_code, line.tax_bp), {
                "tax_code": line.tax_code, "rate": line.tax_bp, "net": 0, "tax": 0})
            row["net"] += line.base_net
            row["tax"] += line.base_tax
    ordered = [rows[k] for k in sorted(rows)]
    return Report(
        name="tax-summary", title="Tax summary",
        params={"from": date_from, "to": date_to},
        columns=[Column("tax_code", "Tax code"), Column("rate", "Rate %", "percent"),
                 Column("net", "Net", "amount"), Column("tax", "Tax", "amount")],
        rows=ordered,
        totals={"net": sum(r["net"] for r in ordered), "tax": sum(r["tax"] for r in ordered)})


def sales_by_month(ledger, date_from=None, date_to=None):
    """Posted invoices per calendar month of their issue date, oldest month first."""
    start, end = date_range_params(date_from, date_to)
    rows = {}
    for invoice in _posted(ledger, start, end):
        month = invoice.issue_date[:7]
        row = rows.setdefault(month, {"month": month, "invoices": 0, "net": 0, "tax": 0,
                                      "total": 0, "customers": set()})
        row["invoices"] += 1
        row["net"] += invoice.base_subtotal
        row["tax"] += invoice.base_tax_total
        row["total"] += invoice.base_total
        row["customers"].add(invoice.customer_code)
    ordered = [rows[k] for k in sorted(rows)]
    for row in ordered:
        row["customers"] = len(row["customers"])
    return Report(
        name="sales-by-month", title="Sales by month",
        params={"from": date_from, "to": date_to},
        columns=[Column("month", "Month"), Column("customers", "Customers", "int"),
                 Column("invoices", "Invoices", "int"), Column("net", "Net", "amount"),
                 Column("tax", "Tax", "amount"), Column("total", "Total", "amount")],
        rows=ordered,
        totals={"invoices": sum(r["invoices"] for r in ordered),
                "net": sum(r["net"] for r in ordered), "tax": sum(r["tax"] for r in ordered),
                "total": sum(r["total"] for r in ordered)})
