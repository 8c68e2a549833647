"""Domain objects: plain dataclasses with JSON-ready ``to_dict`` views.

Amounts are integers in minor units; ``to_dict`` formats them as decimal strings.
"""

from dataclasses import dataclass, field

from ledgerly.money import format_amount, format_percent, format_quantity

INVOICE_STATUSES = ("draft", "issued", "paid", "void")
OPEN_STATUSES = ("issued",)
POSTED_STATUSES = ("issued", "paid")
MOVEMENT_KINDS = ("receipt", "sale", "adjust", "return")
PAYMENT_METHODS = ("bank", "card", "cash", "cheque", "other")


def _base(value):
    return None if value is None else format_amount(value)


@dataclass
class Currency:
    code: str
    exponent: int

    def to_dict(self):
        return {"code": self.code, "exponent": self.exponent}


@dataclass
class FxRate:
    currency: str
    effective_date: str
    rate: str

    def to_dict(self):
        return {"currency": self.currency, "date": self.effective_date, "rate": self.rate}


@dataclass
class TaxRate:
    code: str
    name: str
    basis_points: int

    def to_dict(self):
        return {"code": self.code, "name": self.name, "rate": format_percent(self.basis_points)}


@dataclass
class Customer:
    id: int
    code: str
    name: str
    email: str = ""
    country: str = ""
    tax_exempt: bool = False
    credit_limit: int = 0
    created_at: str = ""
    archived: bool = False
    currency: str = ""
    exponent: int = 2

    def to_dict(self):
        return {
            "code": self.code,
            "name": self.name,
            "email": self.email,
            "country": self.country,
            "currency": self.currency,
            "tax_exempt": self.tax_exempt,
            "credit_limit": format_amount(self.credit_limit, self.exponent),
            "archived": self.archived,
        }


@dataclass
class Product:
    id: int
    sku: str
    name: str
    unit_price: int
    tax_code: str
    track_stock: bool = False
    archived: bool = False

    def to_dict(self):
        return {
            "sku": self.sku,
            "name": self.name,
            "unit_price": format_amount(self.unit_price),
            "tax_code": self.tax_code,
            "track_stock": self.track_stock,
            "archived": self.archived,
        }


@dataclass
class StockMovement:
    id: int
    product_id: int
    quantity: int  # thousandths; negative leaves stock
    kind: str
    reference: str
    occurred_on: str

    def to_dict(self, sku=None):
        body = {
            "id": self.id,
            "quantity": format_quantity(self.quantity),
            "kind": self.kind,
            "reference": self.reference,
            "occurred_on": self.occurred_on,
        }
        if sku is not None:
            body["sku"] = sku
        return body


@dataclass
class InvoiceLine:
    id: int
    invoice_id: int
    position: int
    product_id: int | None
    description: str
    quantity: int
    unit_price: int
    discount_bp: int
    tax_code: str
    tax_bp: int
    net: int
    tax: int
    sku: str | None = None
    base_net: int | None = None
    base_tax: int | None = None

    def to_dict(self, exponent=2):
        return {
            "position": self.position,
            "sku": self.sku,
            "description": self.description,
            "quantity": format_quantity(self.quantity),
            "unit_price": format_amount(self.unit_price, exponent),
            "discount": format_percent(self.discount_bp),
            "tax_code": self.tax_code,
            "tax_rate": format_percent(self.tax_bp),
            "net": format_amount(self.net, exponent),
            "tax": format_amount(self.tax, exponent),
            "base_net": _base(self.base_net),
            "base_tax": _base(self.base_tax),
        }


@dataclass
class Invoice:
    id: int
    number: str | None
    customer_id: int
    status: str
    issue_date: str
    due_date: str
    notes: str = ""
    subtotal: int = 0
    tax_total: int = 0
    total: int = 0
    created_at: str = ""
    void_reason: str = ""
    lines: list = field(default_factory=list)
    customer_code: str | None = None
    paid: int = 0
    currency: str = ""
    exponent: int = 2
    fx_rate: str | None = None
    base_subtotal: int | None = None
    base_tax_total: int | None = None
    base_total: int | None = None

    @property
    def outstanding(self):
        if self.status in ("draft", "void"):
            return 0
        return self.total - self.paid

    def to_dict(self, *, with_lines=True):
        body = {
            "id": self.id,
            "number": self.number,
            "customer": self.customer_code,
            "status": self.status,
            "issue_date": self.issue_date,
            "due_date": self.due_date,
            "notes": self.notes,
            "currency": self.currency,
            "fx_rate": self.fx_rate,
            "subtotal": format_amount(self.subtotal, self.exponent),
            "tax_total": format_amount(self.tax_total, self.exponent),
            "total": format_amount(self.total, self.exponent),
            "paid": format_amount(self.paid, self.exponent),
            "outstanding": format_amount(self.outstanding, self.exponent),
            "base_subtotal": _base(self.base_subtotal),
            "base_tax_total": _base(self.base_tax_total),
            "base_total": _base(self.base_total),
        }
        if self.status == "void":
            body["void_reason"] = self.void_reason
        if with_lines:
            body["lines"] = [line.to_dict(self.exponent) for line in self.lines]
        return body


@dataclass
class Payment:
    id: int
    customer_id: int
    received_on: str
    amount: int
    method: str
    reference: str = ""
    customer_code: str | None = None
    allocated: int = 0
    allocations: list = field(default_factory=list)
    currency: str = ""
    exponent: int = 2
    fx_rate: str = "1"
    base_amount: int = 0

    @property
    def unallocated(self):
        return self.amount - self.allocated

    def to_dict(self):
        return {
            "id": self.id,
            "customer": self.customer_code,
            "received_on": self.received_on,
            "currency": self.currency,
            "fx_rate": self.fx_rate,
            "amount": format_amount(self.amount, self.exponent),
            "base_amount": format_amount(self.base_amount),
            "method": self.method,
            "reference": self.reference,
            "allocated": format_amount(self.allocated, self.exponent),
            "unallocated": format_amount(self.unallocated, self.exponent),
            "allocations": [a.to_dict(self.exponent) for a in self.allocations],
        }


@dataclass
class PaymentAllocation:
    id: int
    payment_id: int
    invoice_id: int
    amount: int
    invoice_number: str | None = None
    base_amount: int = 0
    fx_gain: int = 0

    def to_dict(self, exponent=2):
        return {"invoice": self.invoice_number, "amount": format_amount(self.amount, exponent),
                "base_amount": format_amount(self.base_amount),
                "fx_gain": format_amount(self.fx_gain)}


@dataclass
class User:
    id: int
    username: str
    role: str
    token: str
    active: bool = True

    def to_dict(self, *, with_token=False):
        body = {"username": self.username, "role": self.role, "active": self.active}
        if with_token:
            body["token"] = self.token
        return body


@dataclass
class AuditEntry:
    id: int
    at: str
    actor: str
    action: str
    entity: str
    entity_id: str
    detail: dict

    def to_dict(self):
        return {
            "id": self.id,
            "at": self.at,
            "actor": self.actor,
            "action": self.action,
            "entity": self.entity,
            "entity_id": self.entity_id,
            "detail": self.detail,
        }
