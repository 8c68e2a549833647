"""Consistency checks over a whole ledger (``ledgerly check``).

Each check yields problems as dicts ``{"check", "entity", "id", "message"}``; an empty list means
the stored data agrees with the rules the services enforce. Used after migrations, imports from
other tools, and in tests.
"""

from ledgerly.domain.calc import compute_line, compute_totals
from ledgerly.domain.models import POSTED_STATUSES
from ledgerly.money import format_amount


def _problem(check, entity, ident, message):
    return {"check": check, "entity": entity, "id": ident, "message": message}


def check_invoice_arithmetic(ledger):
    for invoice in ledger.repos.invoices.list(with_lines=True):
        for line in invoice.lines:
            amounts = compute_line(line.quantity, line.unit_price, line.discount_bp, line.tax_bp)
            if (amounts.net, amounts.tax) != (line.net, line.tax):
                yield _problem("line_amounts", "invoice", invoice.id,
                               f"line {line.position} stores net {format_amount(line.net)} / "
                               f"tax {format_amount(line.tax)}, expected "
                               f"{format_amount(amounts.net)} / {format_amount(amounts.tax)}")
        totals = compute_totals(invoice.lines)
        stored = (invoice.subtotal, invoice.tax_total, invoice.total)
        if invoice.lines and stored != (totals.subtotal, totals.tax_total, totals.total):
            yield _problem("invoice_totals", "invoice", invoice.id,
                           f"totals {stored} do not match its lines "
                           f"{(totals.subtotal, totals.tax_total, totals.total)}")


def check_numbering(ledger):
    for invoice in ledger.repos.invoices.list():
        if invoice.status == "draft" and invoice.number:
            yield _problem("numbering", "invoice", invoice.id, "draft has a number")
        if invoice.status != "draft" and not invoice.number:
            yield _problem("numbering", "invoice", invoice.id,
                           f"{invoice.status} invoice has no number")


def check_allocations(ledger):
    invoices = {i.id: i for i in ledger.repos.invoices.list()}
    for invoice in invoices.values():
        if invoice.paid > invoice.total and invoice.status in POSTED_STATUSES:
            yield _problem("over_allocated", "invoice", invoice.id,
                           f"allocations {format_amount(invoice.paid)} exceed the total "
                           f"{format_amount(invoice.total)}")
        if invoice.status == "paid" and invoice.paid < invoice.total:
            yield _problem("status", "invoice", invoice.id,
                           "marked paid but allocations do not cover the total")
        if invoice.status == "issued" and invoice.total > 0 and invoice.paid >= invoice.total:
            yield _problem("status", "invoice", invoice.id,
                           "fully allocated but not marked paid")
        if invoice.status in ("draft", "void") and invoice.paid:
            yield _problem("status", "invoice", invoice.id,
                           f"{invoice.status} invoice has allocations")
    for payment in ledger.repos.payments.list():
        if payment.allocated > payment.amount:
            yield _problem("over_allocated", "payment", payment.id,
                           "allocations exceed the payment")
        for allocation in payment.allocations:
            invoice = invoices.get(allocation.invoice_id)
            if invoice is not None and invoice.customer_id != payment.customer_id:
                yield _problem("customer_mismatch", "payment", payment.id,
                               f"allocated to {invoice.number} of another customer")


def check_stock(ledger):
    for product in ledger.repos.products.list(include_archived=True):
        if not product.track_stock:
            continue
        on_hand = ledger.repos.stock.on_hand(product.id)
        if on_hand < 0:
            yield _problem("negative_stock", "product", product.sku,
                           f"on hand is {on_hand / 1000:g}")


def check_base_amounts(ledger):
    """Posted invoices, payments and allocations agree with their stored FX rates."""
    from ledgerly.currency import to_base
    invoices = {}
    for invoice in ledger.repos.invoices.list(with_lines=True):
        invoices[invoice.id] = invoice
        if invoice.status == "draft":
            continue
        if invoice.fx_rate is None:
            yield _problem("fx", "invoice", invoice.id, "posted invoice has no FX rate")
            continue
        for line in invoice.lines:
            expected = (to_base(line.net, invoice.exponent, invoice.fx_rate),
                        to_base(line.tax, invoice.exponent, invoice.fx_rate))
            if (line.base_net, line.base_tax) != expected:
                yield _problem("fx", "invoice", invoice.id,
                               f"line {line.position} base amounts disagree with the rate")
        if invoice.lines and (invoice.base_subtotal, invoice.base_tax_total) != (
                sum(line.base_net for line in invoice.lines),
                sum(line.base_tax for line in invoice.lines)):
            yield _problem("fx", "invoice", invoice.id, "base totals do not match its lines")
        if invoice.base_total != (invoice.base_subtotal or 0) + (invoice.base_tax_total or 0):
            yield _problem("fx", "invoice", invoice.id, "base total is not subtotal + tax")
    for payment in ledger.repos.payments.list():
        if payment.base_amount != to_base(payment.amount, payment.exponent, payment.fx_rate):
            yield _problem("fx", "payment", payment.id, "base amount disagrees with the rate")
        for allocation in payment.allocations:
            invoice = invoices.get(allocation.invoice_id)
            if invoice is None or invoice.fx_rate is None:
                continue
            carried = to_base(allocation.amount, invoice.exponent, invoice.fx_rate)
            received = to_base(allocation.amount, payment.exponent, payment.fx_rate)
            if (allocation.base_amount, allocation.fx_gain) != (carried, received - carried):
                yield _problem("fx", "payment", payment.id,
                               f"allocation to {invoice.number} has wrong base amount or gain")


CHECKS = (check_invoice_arithmetic, check_base_amounts, check_numbering, check_allocations, check_stock)


def run_checks(ledger):
    ledger.require("audit.read")
    problems = []
    for check in CHECKS:
        problems.extend(check(ledger))
    return problems
