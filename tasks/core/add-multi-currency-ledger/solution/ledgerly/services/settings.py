"""Company settings: name, currency, invoice numbering and payment terms."""

import re

from ledgerly.errors import ValidationError
from ledgerly.services.base import Service

CURRENCY_RE = re.compile(r"^[A-Z]{3}$")

KNOWN = {
    "company_name": "Company name printed on invoices and reports",
    "currency": "ISO 4217 code of the ledger's currency",
    "invoice_prefix": "Prefix of invoice numbers",
    "next_invoice_number": "Number the next issued invoice gets",
    "payment_terms_days": "Days from issue to due date by default",
}


class SettingsService(Service):
    def get(self, key):
        if key not in KNOWN:
            raise ValidationError(f"unknown setting {key!r}", code="unknown_setting")
        return self.repos.settings.get(key)

    def all(self):
        return self.repos.settings.all()

    @property
    def currency(self):
        return self.repos.settings.get("currency", "EUR")

    @property
    def payment_terms_days(self):
        return int(self.repos.settings.get("payment_terms_days", "30"))

    def set(self, key, value):
        self.require("settings.write")
        value = self.validate(key, value)
        with self.db.transaction():
            old = self.repos.settings.get(key)
            self.repos.settings.set(key, value)
            if key == "currency" and old != value:
                # Nothing is posted yet: customers and drafts in the old base follow it.
                self.db.execute("UPDATE customers SET currency = ? WHERE currency = ?",
                                (value, old))
                self.db.execute("UPDATE invoices SET currency = ? WHERE currency = ? "
                                "AND status = 'draft'", (value, old))
            self.audit.record("update", "setting", key, old=old, new=value)
        return value

    def validate(self, key, value):
        value = str(value).strip()
        if key not in KNOWN:
            raise ValidationError(f"unknown setting {key!r}", code="unknown_setting")
        if key == "currency":
            value = value.upper()
            if not CURRENCY_RE.match(value):
                raise ValidationError(f"invalid currency code: {value!r}")
            registered = self.repos.currencies.get(value)
            if registered is None or registered.exponent != 2:
                raise ValidationError(
                    f"{value} cannot be the base currency: it must be a registered currency "
                    "with 2 decimals", code="invalid_base_currency")
            if self._has_postings() or self.db.scalar("SELECT COUNT(*) FROM fx_rates"):
                raise ValidationError(
                    "the currency cannot change once invoices or payments or FX rates exist",
                    code="currency_locked")
        elif key in ("next_invoice_number", "payment_terms_days"):
            if not value.isdigit() or (key == "next_invoice_number" and int(value) < 1):
                raise ValidationError(f"{key} must be a non-negative whole number")
        elif key == "invoice_prefix":
            if len(value) > 10 or not re.match(r"^[A-Za-z0-9/_-]*$", value):
                raise ValidationError("invoice_prefix: up to 10 letters, digits, / _ -")
        elif key == "company_name" and not value:
            raise ValidationError("company_name must not be empty")
        return value

    def _has_postings(self):
        issued = self.db.scalar("SELECT COUNT(*) FROM invoices WHERE status != 'draft'")
        return issued > 0 or self.db.scalar("SELECT COUNT(*) FROM payments") > 0

    def take_invoice_number(self):
        """The next invoice number (prefix + 5 digits); advances the counter."""
        prefix = self.repos.settings.get("invoice_prefix", "INV-")
        number = int(self.repos.settings.get("next_invoice_number", "1"))
        self.repos.settings.set("next_invoice_number", number + 1)
        return f"{prefix}{number:05d}"
