"""API endpoints: ``(method, pattern) -> handler(ledger, match, query, body)``.

Handlers return ``(status, body)``; a :class:`LedgerError` becomes
``{"error": {"code": ..., "message": ...}}`` with the error's status.
"""

import re

from ledgerly.errors import NotFound, ValidationError
from ledgerly.io import exporters
from ledgerly.reports.base import to_json_dict

ROUTES = []


def route(method, pattern):
    compiled = re.compile("^" + pattern + "$")

    def register(func):
        ROUTES.append((method, compiled, func))
        return func
    return register


def _body_fields(body, allowed, required=()):
    if not isinstance(body, dict):
        raise ValidationError("request body must be a JSON object", code="invalid_body")
    unknown = sorted(set(body) - set(allowed))
    if unknown:
        raise ValidationError(f"unknown field(s): {', '.join(unknown)}", code="invalid_field")
    missing = [f for f in required if f not in body]
    if missing:
        raise ValidationError(f"missing field(s): {', '.join(missing)}", code="missing_field")
    return body


def _q(query, key):
    values = query.get(key)
    return values[-1] if values else None


@route("GET", r"/health")
def health(ledger, match, query, body):
    return 200, {"status": "ok"}


@route("GET", r"/settings")
def settings(ledger, match, query, body):
    return 200, ledger.settings.all()


# -- customers ----------------------------------------------------------------------------------
@route("GET", r"/customers")
def list_customers(ledger, match, query, body):
    archived = _q(query, "archived") in ("1", "true")
    return 200, {"customers": [c.to_dict() for c in ledger.customers.list(
        include_archived=archived, search=_q(query, "q"))]}


@route("POST", r"/customers")
def add_customer(ledger, match, query, body):
    fields = _body_fields(body, ("code", "name", "email", "country", "tax_exempt",
                                 "credit_limit", "currency"), ("code", "name"))
    customer = ledger.customers.add(fields["code"], fields["name"],
                                    **{k: v for k, v in fields.items()
                                       if k not in ("code", "name")})
    return 201, customer.to_dict()


@route("GET", r"/customers/(?P<code>[^/]+)")
def get_customer(ledger, match, query, body):
    return 200, ledger.customers.summary(match["code"])


@route("PATCH", r"/customers/(?P<code>[^/]+)")
def update_customer(ledger, match, query, body):
    fields = _body_fields(body, ("name", "email", "country", "tax_exempt", "credit_limit",
                                 "currency"))
    return 200, ledger.customers.update(match["code"], **fields).to_dict()


@route("POST", r"/customers/(?P<code>[^/]+)/archive")
def archive_customer(ledger, match, query, body):
    return 200, ledger.customers.archive(match["code"]).to_dict()


# -- products -----------------------------------------------------------------------------------
@route("GET", r"/products")
def list_products(ledger, match, query, body):
    return 200, {"products": [p.to_dict() for p in ledger.products.list(
        include_archived=_q(query, "archived") in ("1", "true"))]}


@route("POST", r"/products")
def add_product(ledger, match, query, body):
    fields = _body_fields(body, ("sku", "name", "unit_price", "tax_code", "track_stock"),
                          ("sku", "name", "unit_price"))
    product = ledger.products.add(fields["sku"], fields["name"], fields["unit_price"],
                                  **{k: v for k, v in fields.items()
                                     if k in ("tax_code", "track_stock")})
    return 201, product.to_dict()


@route("GET", r"/products/(?P<sku>[^/]+)")
def get_product(ledger, match, query, body):
    product = ledger.products.get(match["sku"])
    result = product.to_dict()
    if product.track_stock:
        from ledgerly.money import format_quantity
        result["on_hand"] = format_quantity(ledger.products.on_hand(product.sku))
    return 200, result


@route("PATCH", r"/products/(?P<sku>[^/]+)")
def update_product(ledger, match, query, body):
    fields = _body_fields(body, ("name", "unit_price", "tax_code", "track_stock"))
    return 200, ledger.products.update(match["sku"], **fields).to_dict()


@route("POST", r"/products/(?P<sku>[^/]+)/stock")
def move_stock(ledger, match, query, body):
    fields = _body_fields(body, ("quantity", "kind", "reference", "occurred_on"),
                          ("quantity", "kind"))
    movement = ledger.products.move_stock(
        match["sku"], fields["quantity"], fields["kind"],
        reference=fields.get("reference", ""), occurred_on=fields.get("occurred_on"))
    return 201, {"movement_id": movement}


@route("GET", r"/currencies")
def list_currencies(ledger, match, query, body):
    return 200, {"base": ledger.currencies.base,
                 "currencies": [c.to_dict() for c in ledger.currencies.list()]}


@route("POST", r"/currencies")
def add_currency(ledger, match, query, body):
    fields = _body_fields(body, ("code", "exponent"), ("code", "exponent"))
    return 201, ledger.currencies.add(fields["code"], fields["exponent"]).to_dict()


@route("GET", r"/fx-rates")
def list_rates(ledger, match, query, body):
    return 200, {"fx_rates": [r.to_dict() for r in ledger.currencies.rates(
        _q(query, "currency"))]}


@route("PUT", r"/fx-rates/(?P<code>[^/]+)/(?P<date>[^/]+)")
def set_rate(ledger, match, query, body):
    fields = _body_fields(body, ("rate",), ("rate",))
    return 200, ledger.currencies.set_rate(match["code"], match["date"], fields["rate"])


@route("GET", r"/fx-rates/(?P<code>[^/]+)/(?P<date>[^/]+)")
def get_rate(ledger, match, query, body):
    return 200, ledger.currencies.lookup(match["code"], match["date"])


@route("GET", r"/tax-rates")
def tax_rates(ledger, match, query, body):
    return 200, {"tax_rates": [t.to_dict() for t in ledger.products.tax_rates()]}


@route("PUT", r"/tax-rates/(?P<code>[^/]+)")
def set_tax_rate(ledger, match, query, body):
    fields = _body_fields(body, ("name", "rate"), ("name", "rate"))
    return 200, ledger.products.set_tax_rate(match["code"], fields["name"],
                                             fields["rate"]).to_dict()


# -- invoices -----------------------------------------------------------------------------------
@route("GET", r"/invoices")
def list_invoices(ledger, match, query, body):
    invoices = ledger.invoices.list(status=_q(query, "status"), customer=_q(query, "customer"),
                                    date_from=_q(query, "from"), date_to=_q(query, "to"))
    return 200, {"invoices": [i.to_dict(with_lines=False) for i in invoices]}


@route("POST", r"/invoices")
def create_invoice(ledger, match, query, body):
    fields = _body_fields(body, ("customer", "issue_date", "due_date", "notes", "lines"),
                          ("customer",))
    invoice = ledger.invoices.create(fields["customer"], issue_date=fields.get("issue_date"),
                                     due_date=fields.get("due_date"),
                                     notes=fields.get("notes", ""))
    for line in fields.get("lines") or []:
        invoice = ledger.invoices.add_line(invoice.id, **_line_fields(line))
    return 201, invoice.to_dict()


def _line_fields(body):
    return _body_fields(body, ("sku", "description", "quantity", "unit_price", "discount",
                               "tax_code"))


@route("GET", r"/invoices/(?P<ref>[^/]+)")
def get_invoice(ledger, match, query, body):
    return 200, ledger.invoices.get(match["ref"]).to_dict()


@route("PATCH", r"/invoices/(?P<ref>[^/]+)")
def update_invoice(ledger, match, query, body):
    fields = _body_fields(body, ("issue_date", "due_date", "notes"))
    return 200, ledger.invoices.update_draft(match["ref"], **fields).to_dict()


@route("DELETE", r"/invoices/(?P<ref>[^/]+)")
def delete_invoice(ledger, match, query, body):
    ledger.invoices.delete_draft(match["ref"])
    return 200, {"deleted": True}


@route("POST", r"/invoices/(?P<ref>[^/]+)/lines")
def add_line(ledger, match, query, body):
    return 201, ledger.invoices.add_line(match["ref"], **_line_fields(body)).to_dict()


@route("DELETE", r"/invoices/(?P<ref>[^/]+)/lines/(?P<position>\d+)")
def remove_line(ledger, match, query, body):
    return 200, ledger.invoices.remove_line(match["ref"], int(match["position"])).to_dict()


@route("POST", r"/invoices/(?P<ref>[^/]+)/issue")
def issue_invoice(ledger, match, query, body):
    return 200, ledger.invoices.issue(match["ref"]).to_dict()


@route("POST", r"/invoices/(?P<ref>[^/]+)/void")
def void_invoice(ledger, match, query, body):
    fields = _body_fields(body, ("reason",), ("reason",))
    return 200, ledger.invoices.void(match["ref"], fields["reason"]).to_dict()


# -- payments -----------------------------------------------------------------------------------
@route("GET", r"/payments")
def list_payments(ledger, match, query, body):
    payments = ledger.payments.list(customer=_q(query, "customer"),
                                    date_from=_q(query, "from"), date_to=_q(query, "to"))
    return 200, {"payments": [p.to_dict() for p in payments]}


@route("POST", r"/payments")
def record_payment(ledger, match, query, body):
    fields = _body_fields(body, ("customer", "amount", "received_on", "method", "reference",
                                 "auto_allocate"), ("customer", "amount"))
    payment = ledger.payments.record(
        fields["customer"], fields["amount"], received_on=fields.get("received_on"),
        method=fields.get("method", "bank"), reference=fields.get("reference", ""),
        auto_allocate=bool(fields.get("auto_allocate", False)))
    return 201, payment.to_dict()


@route("GET", r"/payments/(?P<pid>\d+)")
def get_payment(ledger, match, query, body):
    return 200, ledger.payments.get(int(match["pid"])).to_dict()


@route("POST", r"/payments/(?P<pid>\d+)/allocations")
def allocate_payment(ledger, match, query, body):
    fields = _body_fields(body, ("invoice", "amount"), ("invoice",))
    return 201, ledger.payments.allocate(int(match["pid"]), fields["invoice"],
                                         fields.get("amount")).to_dict()


# -- reports, export, audit ---------------------------------------------------------------------
@route("GET", r"/reports")
def list_reports(ledger, match, query, body):
    return 200, {"reports": ledger.reports.names()}


@route("GET", r"/reports/(?P<name>[a-z-]+)")
def get_report(ledger, match, query, body):
    params = {k: v[-1] for k, v in query.items()}
    return 200, to_json_dict(ledger.reports.build(match["name"], **params))


@route("GET", r"/export/invoices")
def export_invoices(ledger, match, query, body):
    import json
    text = exporters.export_json(ledger, date_from=_q(query, "from"), date_to=_q(query, "to"),
                                 include_void=_q(query, "include_void") in ("1", "true"))
    return 200, json.loads(text)


@route("GET", r"/audit")
def audit(ledger, match, query, body):
    ledger.require("audit.read")
    entries = ledger.audit.entries(entity=_q(query, "entity"), entity_id=_q(query, "id"),
                                   actor=_q(query, "actor"),
                                   limit=int(_q(query, "limit") or 100))
    return 200, {"entries": [e.to_dict() for e in entries]}


def find_route(method, path):
    allowed = []
    for route_method, pattern, func in ROUTES:
        match = pattern.match(path)
        if match:
            if route_method == method:
                return func, match
            allowed.append(route_method)
    if allowed:
        raise ValidationError(f"{method} not allowed on {path}", code="method_not_allowed",
                              status=405)
    raise NotFound(f"no route for {path}", code="no_route")
