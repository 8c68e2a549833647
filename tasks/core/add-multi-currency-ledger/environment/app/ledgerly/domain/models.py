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

    def to_dict(self):
        return {
            "code": self.code,
            "name": self.name,
            "email": self.email,
            "country": self.country,
            "tax_exempt": self.tax_exempt,
            "credit_limit": format_amount(self.credit_limit),
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

    def to_dict(self):
        return {
            "position": self.position,
            "sku": self.sku,
            "description": self.description,
            "quantity": format_quantity(self.quantity),
            "unit_price": format_amount(self.unit_price),
            "discount": format_percent(self.discount_bp),
            "tax_code": self.tax_code,
            "tax_rate": format_percent(self.tax_bp),
            "net": format_amount(self.net),
            "tax": format_amount(self.tax),
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
            "subtotal": format_amount(self.subtotal),
            "tax_total": format_amount(self.tax_total),
            "total": format_amount(self.total),
            "paid": format_amount(self.paid),
            "outstanding": format_amount(self.outstanding),
        }
        if self.status == "void":
            body["void_reason"] = self.void_reason
        if with_lines:
            body["lines"] = [line.to_dict() for line in self.lines]
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

    @property
    def unallocated(self):
        return self.amount - self.allocated

    def to_dict(self):
        return {
            "id": self.id,
            "customer": self.customer_code,
            "received_on": self.received_on,
            "amount": format_amount(self.amount),
            "method": self.method,
            "reference": self.reference,
            "allocated": format_amount(self.allocated),
            "unallocated": format_amount(self.unallocated),
            "allocations": [a.to_dict() for a in self.allocations],
        }


@dataclass
class PaymentAllocation:
    id: int
    payment_id: int
    invoice_id: int
    amount: int
    invoice_number: str | None = None

    def to_dict(self):
        return {"invoice": self.invoice_number, "amount": format_amount(self.amount)}


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
