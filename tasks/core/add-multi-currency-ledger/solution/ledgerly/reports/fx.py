"""Realised FX gains and losses on allocations of foreign-currency payments."""

from ledgerly.dates import date_range_params, format_date
from ledgerly.reports.base import Column, Report


def fx_gains(ledger, date_from=None, date_to=None):
    """One row per allocation of a payment not in the base currency, by the payment's date
    (then payment id, then allocation id); gain = value at the payment's rate less the value
    at the invoice's rate, in the base currency."""
    start, end = date_range_params(date_from, date_to)
    base = ledger.currencies.base
    invoices = {}
    rows = []
    for payment in ledger.repos.payments.list(
            date_from=format_date(start) if start else None,
            date_to=format_date(end) if end else None):
        if payment.currency == base:
            continue
        for allocation in payment.allocations:
            if allocation.invoice_id not in invoices:
                invoices[allocation.invoice_id] = ledger.repos.invoices.get(
                    allocation.invoice_id, with_lines=False)
            invoice = invoices[allocation.invoice_id]
            rows.append({"date": payment.received_on, "payment": payment.id,
                         "invoice": invoice.number, "customer": payment.customer_code,
                         "currency": payment.currency, "exponent": payment.exponent,
                         "amount": allocation.amount, "invoice_rate": invoice.fx_rate,
                         "payment_rate": payment.fx_rate,
                         "base_amount": allocation.base_amount, "gain": allocation.fx_gain})
    return Report(
        name="fx-gains", title="Realised FX gains",
        params={"from": date_from, "to": date_to},
        columns=[Column("date", "Date", "date"), Column("payment", "Payment", "int"),
                 Column("invoice", "Invoice"), Column("customer", "Customer"),
                 Column("currency", "Currency"),
                 Column("amount", "Amount", "money", exponent_key="exponent"),
                 Column("invoice_rate", "Invoice rate"),
                 Column("payment_rate", "Payment rate"),
                 Column("base_amount", "Carried", "amount"), Column("gain", "Gain", "amount")],
        rows=rows,
        totals={"base_amount": sum(r["base_amount"] for r in rows),
                "gain": sum(r["gain"] for r in rows)})
