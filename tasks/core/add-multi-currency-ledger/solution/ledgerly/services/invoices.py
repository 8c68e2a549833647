"""Invoices: drafts, lines, issuing (numbering, stock, credit limit) and voiding."""

from ledgerly.currency import from_base, to_base
from ledgerly.dates import add_days, format_date, now_iso, parse_date, today
from ledgerly.domain.calc import compute_line, compute_totals
from ledgerly.domain.models import InvoiceLine, Invoice
from ledgerly.errors import Conflict, ValidationError
from ledgerly.money import format_amount, parse_amount, parse_percent, parse_quantity
from ledgerly.services.base import Service


class InvoiceService(Service):
    def get(self, ref):
        self.require("invoice.read")
        return self.invoice_or_404(ref)

    def list(self, *, status=None, customer=None, date_from=None, date_to=None):
        self.require("invoice.read")
        customer_id = self.customer_or_404(customer).id if customer else None
        if status and status not in ("draft", "issued", "paid", "void"):
            raise ValidationError(f"unknown status {status!r}", code="invalid_status")
        return self.repos.invoices.list(status=status, customer_id=customer_id,
                                        date_from=date_from, date_to=date_to)

    def create(self, customer, *, issue_date=None, due_date=None, notes=""):
        """A new draft for ``customer``; dates default to today and today + payment terms."""
        self.require("invoice.write")
        cust = self.customer_or_404(customer)
        if cust.archived:
            raise Conflict(f"customer {cust.code} is archived", code="customer_archived")
        issued = parse_date(issue_date, what="issue date") if issue_date else today()
        due = (parse_date(due_date, what="due date") if due_date
               else add_days(issued, self.ledger.settings.payment_terms_days))
        if due < issued:
            raise ValidationError("due date is before the issue date", code="invalid_dates")
        invoice = Invoice(id=0, number=None, customer_id=cust.id, status="draft",
                          issue_date=format_date(issued), due_date=format_date(due),
                          notes=(notes or "").strip(), created_at=now_iso(),
                          currency=cust.currency, exponent=cust.exponent)
        with self.db.transaction():
            self.repos.invoices.insert(invoice)
            self.audit.record("create", "invoice", invoice.id, customer=cust.code)
        return self.repos.invoices.get(invoice.id)

    def _draft(self, ref):
        invoice = self.invoice_or_404(ref)
        if invoice.status != "draft":
            raise Conflict(f"invoice {invoice.number or invoice.id} is {invoice.status}, "
                           "not a draft", code="not_draft")
        return invoice

    def add_line(self, ref, *, sku=None, description=None, quantity="1", unit_price=None,
                 discount="0", tax_code=None):
        """Append a line. With ``sku`` the product gives the defaults for description, price
        and tax code; a tax-exempt customer's lines are always taxed at EXEMPT (0%)."""
        self.require("invoice.write")
        with self.db.transaction():
            invoice = self._draft(ref)
            customer = self.repos.customers.get_by_id(invoice.customer_id)
            product = self.product_or_404(sku) if sku else None
            if product is not None and product.archived:
                raise Conflict(f"product {product.sku} is archived", code="product_archived")
            if product is None and not description:
                raise ValidationError("a line needs a product or a description",
                                      code="invalid_line")
            qty = parse_quantity(quantity)
            if qty <= 0:
                raise ValidationError("quantity must be positive", code="invalid_quantity")
            if unit_price is not None:
                price = parse_amount(unit_price, what="unit price", exponent=invoice.exponent)
            elif product is not None:
                price = product.unit_price
                if invoice.currency != self.ledger.currencies.base:
                    rate, _ = self.ledger.currencies.rate_on(invoice.currency,
                                                             invoice.issue_date)
                    price = from_base(price, invoice.exponent, rate)
            else:
                raise ValidationError("a line without a product needs a unit price",
                                      code="invalid_line")
            if price < 0:
                raise ValidationError("unit price must not be negative", code="invalid_amount")
            discount_bp = parse_percent(discount, what="discount")
            if customer.tax_exempt:
                rate = self.ledger.products.tax_rate("EXEMPT")
            else:
                rate = self.ledger.products.tax_rate(
                    tax_code or (product.tax_code if product else "STD"))
            amounts = compute_line(qty, price, discount_bp, rate.basis_points)
            line = InvoiceLine(
                id=0, invoice_id=invoice.id,
                position=self.repos.invoices.next_position(invoice.id),
                product_id=product.id if product else None,
                description=(description or product.name).strip(), quantity=qty,
                unit_price=price, discount_bp=discount_bp, tax_code=rate.code,
                tax_bp=rate.basis_points, net=amounts.net, tax=amounts.tax)
            self.repos.invoices.insert_line(line)
            self._retotal(invoice.id)
            self.audit.record("add_line", "invoice", invoice.id, position=line.position,
                              net=format_amount(line.net, invoice.exponent))
        return self.repos.invoices.get(invoice.id)

    def remove_line(self, ref, position):
        self.require("invoice.write")
        with self.db.transaction():
            invoice = self._draft(ref)
            if not self.repos.invoices.delete_line(invoice.id, int(position)):
                raise ValidationError(f"invoice {invoice.id} has no line {position}",
                                      code="no_such_line")
            self._retotal(invoice.id)
            self.audit.record("remove_line", "invoice", invoice.id, position=int(position))
        return self.repos.invoices.get(invoice.id)

    def update_draft(self, ref, *, issue_date=None, due_date=None, notes=None):
        self.require("invoice.write")
        with self.db.transaction():
            invoice = self._draft(ref)
            if issue_date:
                invoice.issue_date = format_date(parse_date(issue_date, what="issue date"))
            if due_date:
                invoice.due_date = format_date(parse_date(due_date, what="due date"))
            if notes is not None:
                invoice.notes = notes.strip()
            if invoice.due_date < invoice.issue_date:
                raise ValidationError("due date is before the issue date",
                                      code="invalid_dates")
            self.repos.invoices.update(invoice)
            self.audit.record("update", "invoice", invoice.id)
        return self.repos.invoices.get(invoice.id)

    def delete_draft(self, ref):
        self.require("invoice.write")
        with self.db.transaction():
            invoice = self._draft(ref)
            self.repos.invoices.delete(invoice.id)
            self.audit.record("delete", "invoice", invoice.id)

    def _retotal(self, invoice_id):
        invoice = self.repos.invoices.get(invoice_id)
        totals = compute_totals(invoice.lines)
        invoice.subtotal, invoice.tax_total, invoice.total = (
            totals.subtotal, totals.tax_total, totals.total)
        self.repos.invoices.update(invoice)
        return invoice

    def issue(self, ref):
        """Number the draft, take stock for tracked products, check the credit limit."""
        self.require("invoice.issue")
        with self.db.transaction():
            invoice = self._draft(ref)
            if not invoice.lines:
                raise Conflict("cannot issue an invoice without lines", code="empty_invoice")
            customer = self.repos.customers.get_by_id(invoice.customer_id)
            rate, _ = self.ledger.currencies.rate_on(invoice.currency, invoice.issue_date)
            if customer.credit_limit > 0:
                exposure = sum(i.outstanding for i in self.repos.invoices.list(
                    customer_id=customer.id, status="issued"))
                if exposure + invoice.total > customer.credit_limit:
                    raise Conflict(
                        f"issuing would take {customer.code} to "
                        f"{format_amount(exposure + invoice.total, invoice.exponent)}, over its "
                        f"credit limit of {format_amount(customer.credit_limit, invoice.exponent)}",
                        code="credit_limit_exceeded")
            invoice.number = self.ledger.settings.take_invoice_number()
            invoice.status = "issued"
            invoice.fx_rate = rate
            invoice.base_subtotal = invoice.base_tax_total = 0
            for line in invoice.lines:
                line.base_net = to_base(line.net, invoice.exponent, rate)
                line.base_tax = to_base(line.tax, invoice.exponent, rate)
                self.repos.invoices.set_line_base(line.id, line.base_net, line.base_tax)
                invoice.base_subtotal += line.base_net
                invoice.base_tax_total += line.base_tax
            invoice.base_total = invoice.base_subtotal + invoice.base_tax_total
            for line in invoice.lines:
                if line.product_id is None:
                    continue
                product = self.repos.products.get_by_id(line.product_id)
                if not product.track_stock:
                    continue
                have = self.repos.stock.on_hand(product.id)
                if have < line.quantity:
                    raise Conflict(f"not enough {product.sku} in stock", code="insufficient_stock")
                self.repos.stock.add(product.id, -line.quantity, "sale", invoice.number,
                                     invoice.issue_date)
            self.repos.invoices.update(invoice)
            if invoice.total == 0:
                invoice.status = "paid"
                self.repos.invoices.update(invoice)
            self.audit.record("issue", "invoice", invoice.id, number=invoice.number,
                              total=format_amount(invoice.total, invoice.exponent),
                              currency=invoice.currency, fx_rate=rate)
        return self.repos.invoices.get(invoice.id)

    def void(self, ref, reason):
        """Void an issued invoice without payments; its stock comes back."""
        self.require("invoice.void")
        reason = (reason or "").strip()
        if not reason:
            raise ValidationError("voiding needs a reason", code="invalid_reason")
        with self.db.transaction():
            invoice = self.invoice_or_404(ref)
            if invoice.status != "issued":
                raise Conflict(f"only issued invoices can be voided ({invoice.status})",
                               code="not_voidable")
            if invoice.paid:
                raise Conflict("invoice has payments allocated", code="has_payments")
            for line in invoice.lines:
                if line.product_id is None:
                    continue
                product = self.repos.products.get_by_id(line.product_id)
                if product.track_stock:
                    self.repos.stock.add(product.id, line.quantity, "return", invoice.number,
                                         format_date(today()))
            invoice.status = "void"
            invoice.void_reason = reason
            self.repos.invoices.update(invoice)
            self.audit.record("void", "invoice", invoice.id, number=invoice.number,
                              reason=reason)
        return self.repos.invoices.get(invoice.id)

    def mark_paid_if_settled(self, invoice_id):
        invoice = self.repos.invoices.get(invoice_id, with_lines=False)
        if invoice.status == "issued" and invoice.paid >= invoice.total:
            invoice.status = "paid"
            self.repos.invoices.update(invoice)
        return invoice
