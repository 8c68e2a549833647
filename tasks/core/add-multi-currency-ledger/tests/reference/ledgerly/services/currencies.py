"""Currencies and FX rates."""

from ledgerly import currency as cur
from ledgerly.dates import format_date, parse_date
from ledgerly.domain.models import Currency
from ledgerly.errors import Conflict, ValidationError
from ledgerly.services.base import Service


class CurrencyService(Service):
    @property
    def base(self):
        return self.repos.settings.get("currency", "EUR")

    def list(self):
        self.require("currency.read")
        return self.repos.currencies.list()

    def get(self, code):
        """The registered currency ``code``; ``unknown_currency`` otherwise."""
        code = cur.currency_code(code)
        found = self.repos.currencies.get(code)
        if found is None:
            raise cur.unknown_currency(code)
        return found

    def exponent(self, code):
        return self.get(code).exponent

    def add(self, code, exponent):
        self.require("currency.write")
        currency = Currency(code=cur.currency_code(code), exponent=cur.exponent_value(exponent))
        with self.db.transaction():
            if self.repos.currencies.get(currency.code) is not None:
                raise Conflict(f"currency {currency.code} exists", code="currency_exists")
            self.repos.currencies.insert(currency)
            self.audit.record("create", "currency", currency.code, exponent=currency.exponent)
        return currency

    def set_rate(self, code, on_date, rate):
        self.require("currency.write")
        currency = self.get(code)
        if currency.code == self.base:
            raise ValidationError("the base currency's rate is always 1",
                                  code="base_currency_rate")
        when = format_date(parse_date(on_date, what="rate date"))
        text = cur.canonical_rate(rate)
        with self.db.transaction():
            self.repos.fx_rates.set(currency.code, when, text)
            self.audit.record("set_rate", "currency", currency.code, date=when, rate=text)
        return {"currency": currency.code, "date": when, "rate": text}

    def rates(self, code=None):
        self.require("currency.read")
        if code:
            code = self.get(code).code
        return self.repos.fx_rates.list(code)

    def rate_on(self, code, on_date):
        """``(rate, effective_date)`` in force for ``code`` on ``on_date``; the base currency
        is ``("1", None)``. Raises ``missing_fx_rate`` when no rate is effective yet."""
        currency = self.get(code)
        when = format_date(parse_date(on_date, what="rate date"))
        if currency.code == self.base:
            return "1", None
        found = self.repos.fx_rates.effective(currency.code, when)
        if found is None:
            raise cur.MissingRate(f"no FX rate for {currency.code} on {when}")
        return found.rate, found.effective_date

    def lookup(self, code, on_date):
        self.require("currency.read")
        rate, effective = self.rate_on(code, on_date)
        return {"currency": self.get(code).code,
                "date": format_date(parse_date(on_date, what="rate date")),
                "rate": rate, "effective_date": effective}
