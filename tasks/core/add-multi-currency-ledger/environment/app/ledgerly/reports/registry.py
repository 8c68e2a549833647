"""Report lookup by name, with the parameters each report accepts."""

from ledgerly.errors import ValidationError
from ledgerly.reports import dunning, inventory, receivables, sales
from ledgerly.reports.base import render

REPORTS = {
    "sales-by-customer": (sales.sales_by_customer, ("from", "to")),
    "sales-by-product": (sales.sales_by_product, ("from", "to")),
    "sales-by-month": (sales.sales_by_month, ("from", "to")),
    "tax-summary": (sales.tax_summary, ("from", "to")),
    "aged-receivables": (receivables.aged_receivables, ("as_of",)),
    "customer-statement": (receivables.customer_statement, ("customer", "from", "to")),
    "inventory-valuation": (inventory.inventory_valuation, ("as_of",)),
    "overdue-invoices": (dunning.overdue_invoices, ("as_of", "min_level")),
}

_ARG_NAMES = {"from": "date_from", "to": "date_to"}


class ReportService:
    def __init__(self, ledger):
        self.ledger = ledger

    @staticmethod
    def names():
        return sorted(REPORTS)

    def build(self, name, **params):
        self.ledger.require("report.read")
        if name not in REPORTS:
            raise ValidationError(f"unknown report {name!r}", code="unknown_report")
        func, accepted = REPORTS[name]
        unknown = [k for k, v in params.items() if v is not None and k not in accepted]
        if unknown:
            raise ValidationError(f"report {name} does not take {', '.join(unknown)}",
                                  code="invalid_param")
        if name == "customer-statement" and not params.get("customer"):
            raise ValidationError("customer-statement needs a customer", code="invalid_param")
        kwargs = {_ARG_NAMES.get(k, k): v for k, v in params.items()
                  if k in accepted and v is not None}
        return func(self.ledger, **kwargs)

    def render(self, name, fmt="text", **params):
        return render(self.build(name, **params), fmt)
