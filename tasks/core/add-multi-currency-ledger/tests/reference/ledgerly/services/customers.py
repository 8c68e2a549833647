"""Customers: create, update, archive, balances."""

from ledgerly.dates import now_iso
from ledgerly.domain import validation
from ledgerly.domain.models import Customer
from ledgerly.errors import Conflict
from fractions import Fraction

from ledgerly.money import format_amount, parse_amount, round_half_up
from ledgerly.services.base import Service

UPDATABLE = ("name", "email", "country", "tax_exempt", "credit_limit", "currency")


class CustomerService(Service):
    def get(self, code):
        self.require("customer.read")
        return self.customer_or_404(code)

    def list(self, *, include_archived=False, search=None):
        self.require("customer.read")
        return self.repos.customers.list(include_archived=include_archived, search=search)

    def add(self, code, name, *, email="", country="", tax_exempt=False, credit_limit="0",
            currency=None):
        self.require("customer.write")
        chosen = self.ledger.currencies.get(currency) if currency else \
            self.ledger.currencies.get(self.ledger.currencies.base)
        customer = Customer(
            id=0,
            code=validation.customer_code(code),
            name=validation.name(name),
            email=validation.email(email),
            country=validation.country(country),
            tax_exempt=validation.boolean(tax_exempt, what="tax_exempt"),
            credit_limit=validation.non_negative(
                parse_amount(credit_limit, what="credit limit", exponent=chosen.exponent),
                what="credit limit"),
            created_at=now_iso(),
            currency=chosen.code,
            exponent=chosen.exponent,
        )
        with self.db.transaction():
            if self.repos.customers.get(customer.code) is not None:
                raise Conflict(f"customer {customer.code!r} exists", code="customer_exists")
            self.repos.customers.insert(customer)
            self.audit.record("create", "customer", customer.code, name=customer.name)
        return customer

    def update(self, code, **changes):
        self.require("customer.write")
        unknown = set(changes) - set(UPDATABLE)
        if unknown:
            raise validation.ValidationError(
                f"cannot update {', '.join(sorted(unknown))}", code="invalid_field")
        with self.db.transaction():
            customer = self.customer_or_404(code)
            before = customer.to_dict()
            if "name" in changes:
                customer.name = validation.name(changes["name"])
            if "email" in changes:
                customer.email = validation.email(changes["email"])
            if "country" in changes:
                customer.country = validation.country(changes["country"])
            if "tax_exempt" in changes:
                customer.tax_exempt = validation.boolean(changes["tax_exempt"],
                                                         what="tax_exempt")
            if "currency" in changes:
                chosen = self.ledger.currencies.get(changes["currency"])
                if chosen.code != customer.currency:
                    if self._has_documents(customer.id):
                        raise Conflict(
                            f"customer {customer.code} has invoices or payments in "
                            f"{customer.currency}", code="currency_locked")
                    if "credit_limit" not in changes:
                        # Same face value in the new currency's minor units, rounded half up.
                        customer.credit_limit = round_half_up(Fraction(
                            customer.credit_limit * 10 ** chosen.exponent,
                            10 ** customer.exponent))
                    customer.currency, customer.exponent = chosen.code, chosen.exponent
            if "credit_limit" in changes:
                customer.credit_limit = validation.non_negative(
                    parse_amount(changes["credit_limit"], what="credit limit",
                                 exponent=customer.exponent),
                    what="credit limit")
            self.repos.customers.update(customer)
            after = customer.to_dict()
            diff = {k: [before[k], after[k]] for k in after if before[k] != after[k]}
            self.audit.record("update", "customer", customer.code, changes=diff)
        return customer

    def _has_documents(self, customer_id):
        invoices = self.db.scalar("SELECT COUNT(*) FROM invoices WHERE customer_id = ?",
                                  (customer_id,))
        payments = self.db.scalar("SELECT COUNT(*) FROM payments WHERE customer_id = ?",
                                  (customer_id,))
        return invoices + payments > 0

    def archive(self, code):
        self.require("customer.write")
        with self.db.transaction():
            customer = self.customer_or_404(code)
            if self.balance(customer.code) != 0:
                raise Conflict(f"customer {customer.code} has an open balance",
                               code="open_balance")
            customer.archived = True
            self.repos.customers.update(customer)
            self.audit.record("archive", "customer", customer.code)
        return customer

    def balance(self, code):
        """Outstanding on issued invoices less unallocated payments, in minor units of the
        customer's currency."""
        self.require("customer.read")
        customer = self.customer_or_404(code)
        outstanding = sum(i.outstanding for i in self.repos.invoices.list(
            customer_id=customer.id, status="issued"))
        unallocated = sum(p.unallocated for p in self.repos.payments.list(
            customer_id=customer.id))
        return outstanding - unallocated

    def summary(self, code):
        customer = self.get(code)
        invoices = self.repos.invoices.list(customer_id=customer.id)
        body = customer.to_dict()
        body["invoices"] = len([i for i in invoices if i.status != "draft"])
        body["balance"] = format_amount(self.balance(code), customer.exponent)
        return body
