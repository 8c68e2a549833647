"""Payments received and their allocation to invoices."""

from ledgerly.currency import to_base
from ledgerly.dates import format_date, parse_date, today
from ledgerly.domain.models import PAYMENT_METHODS, Payment
from ledgerly.errors import Conflict, ValidationError, not_found
from ledgerly.money import format_amount, parse_amount
from ledgerly.services.base import Service


class PaymentService(Service):
    def get(self, payment_id):
        self.require("payment.read")
        payment = self.repos.payments.get(int(payment_id))
        if payment is None:
            raise not_found("payment", payment_id)
        return payment

    def list(self, *, customer=None, date_from=None, date_to=None):
        self.require("payment.read")
        customer_id = self.customer_or_404(customer).id if customer else None
        return self.repos.payments.list(customer_id=customer_id, date_from=date_from,
                                        date_to=date_to)

    def record(self, customer, amount, *, received_on=None, method="bank", reference="",
               auto_allocate=False):
        """Record a payment; with ``auto_allocate`` it settles open invoices oldest due first."""
        self.require("payment.write")
        cust = self.customer_or_404(customer)
        value = parse_amount(amount, exponent=cust.exponent)
        if value <= 0:
            raise ValidationError("payment amount must be positive", code="invalid_amount")
        if method not in PAYMENT_METHODS:
            raise ValidationError(f"unknown method {method!r}", code="invalid_method")
        when = format_date(parse_date(received_on, what="received date")
                           if received_on else today())
        rate, _ = self.ledger.currencies.rate_on(cust.currency, when)
        payment = Payment(id=0, customer_id=cust.id, received_on=when, amount=value,
                          method=method, reference=(reference or "").strip(),
                          currency=cust.currency, exponent=cust.exponent, fx_rate=rate,
                          base_amount=to_base(value, cust.exponent, rate))
        with self.db.transaction():
            self.repos.payments.insert(payment)
            self.audit.record("create", "payment", payment.id, customer=cust.code,
                              amount=format_amount(value, cust.exponent),
                              currency=cust.currency, fx_rate=rate)
            if auto_allocate:
                self._auto_allocate(payment.id)
        return self.repos.payments.get(payment.id)

    def _auto_allocate(self, payment_id):
        payment = self.repos.payments.get(payment_id)
        invoices = self.repos.invoices.list(customer_id=payment.customer_id, status="issued")
        invoices.sort(key=lambda i: (i.due_date, i.issue_date, i.id))
        left = payment.unallocated
        for invoice in invoices:
            if left <= 0:
                break
            if invoice.currency != payment.currency:
                continue
            take = min(left, invoice.outstanding)
            if take <= 0:
                continue
            self._allocate(payment, invoice, take)
            left -= take

    def allocate(self, payment_id, invoice_ref, amount=None):
        """Allocate (part of) a payment to an issued invoice of the same customer."""
        self.require("payment.write")
        with self.db.transaction():
            payment = self.get(payment_id)
            invoice = self.invoice_or_404(invoice_ref)
            if invoice.customer_id != payment.customer_id:
                raise Conflict("payment and invoice belong to different customers",
                               code="customer_mismatch")
            if invoice.currency != payment.currency:
                raise Conflict(f"payment in {payment.currency} cannot settle an invoice in "
                               f"{invoice.currency}", code="currency_mismatch")
            if invoice.status != "issued":
                raise Conflict(f"invoice {invoice.number or invoice.id} is {invoice.status}",
                               code="not_open")
            if amount is None:
                value = min(payment.unallocated, invoice.outstanding)
            else:
                value = parse_amount(amount, exponent=payment.exponent)
            if value <= 0:
                raise ValidationError("allocation must be positive", code="invalid_amount")
            if value > payment.unallocated:
                raise Conflict(f"only {format_amount(payment.unallocated, payment.exponent)} of "
                               "the payment is unallocated", code="over_allocated")
            if value > invoice.outstanding:
                raise Conflict(f"invoice {invoice.number} has only "
                               f"{format_amount(invoice.outstanding, invoice.exponent)} "
                               "outstanding",
                               code="over_allocated")
            self._allocate(payment, invoice, value)
        return self.repos.payments.get(payment.id)

    def _allocate(self, payment, invoice, value):
        """Settle ``value`` (payment currency) of ``invoice``: the receivable leaves the books
        at the invoice's rate; the difference to the payment's rate is a realised FX gain."""
        carried = to_base(value, invoice.exponent, invoice.fx_rate)
        received = to_base(value, payment.exponent, payment.fx_rate)
        self.repos.payments.allocate(payment.id, invoice.id, value, carried, received - carried)
        self.ledger.invoices.mark_paid_if_settled(invoice.id)
        self.audit.record("allocate", "payment", payment.id, invoice=invoice.number,
                          amount=format_amount(value, payment.exponent),
                          fx_gain=format_amount(received - carried))
