"""Repositories: the only code that writes SQL for domain objects.

They neither check permissions nor validate business rules (services do); they map rows to
dataclasses and back.
"""

import json

from ledgerly.domain.models import (
    AuditEntry, Currency, Customer, FxRate, Invoice, InvoiceLine, Payment, PaymentAllocation, Product,
    StockMovement, TaxRate, User,
)


class Repository:
    def __init__(self, db):
        self.db = db


class SettingsRepository(Repository):
    def get(self, key, default=None):
        row = self.db.query_one("SELECT value FROM settings WHERE key = ?", (key,))
        return default if row is None else row["value"]

    def set(self, key, value):
        self.db.execute(
            "INSERT INTO settings (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value", (key, str(value)))

    def all(self):
        return {row["key"]: row["value"] for row in self.db.query(
            "SELECT key, value FROM settings ORDER BY key")}


class CurrencyRepository(Repository):
    def get(self, code):
        row = self.db.query_one("SELECT * FROM currencies WHERE code = ?", (code,))
        return None if row is None else Currency(code=row["code"], exponent=row["exponent"])

    def list(self):
        return [Currency(code=r["code"], exponent=r["exponent"])
                for r in self.db.query("SELECT * FROM currencies ORDER BY code")]

    def insert(self, currency):
        self.db.execute("INSERT INTO currencies (code, exponent) VALUES (?, ?)",
                        (currency.code, currency.exponent))
        return currency


class FxRateRepository(Repository):
    def _row(self, row):
        return FxRate(currency=row["currency"], effective_date=row["effective_date"],
                      rate=row["rate"])

    def set(self, currency, effective_date, rate):
        self.db.execute(
            "INSERT INTO fx_rates (currency, effective_date, rate) VALUES (?, ?, ?) "
            "ON CONFLICT (currency, effective_date) DO UPDATE SET rate = excluded.rate",
            (currency, effective_date, rate))

    def effective(self, currency, on_date):
        row = self.db.query_one(
            "SELECT * FROM fx_rates WHERE currency = ? AND effective_date <= ? "
            "ORDER BY effective_date DESC LIMIT 1", (currency, on_date))
        return None if row is None else self._row(row)

    def list(self, currency=None):
        if currency:
            rows = self.db.query("SELECT * FROM fx_rates WHERE currency = ? "
                                 "ORDER BY effective_date", (currency,))
        else:
            rows = self.db.query("SELECT * FROM fx_rates ORDER BY currency, effective_date")
        return [self._row(r) for r in rows]


class TaxRateRepository(Repository):
    def _row(self, row):
        return TaxRate(code=row["code"], name=row["name"], basis_points=row["basis_points"])

    def get(self, code):
        row = self.db.query_one("SELECT * FROM tax_rates WHERE code = ?", (code,))
        return None if row is None else self._row(row)

    def list(self):
        return [self._row(r) for r in self.db.query("SELECT * FROM tax_rates ORDER BY code")]

    def upsert(self, rate):
        self.db.execute(
            "INSERT INTO tax_rates (code, name, basis_points) VALUES (?, ?, ?) "
            "ON CONFLICT (code) DO UPDATE SET name = excluded.name, "
            "basis_points = excluded.basis_points",
            (rate.code, rate.name, rate.basis_points))


class CustomerRepository(Repository):
    def _row(self, row):
        return Customer(
            id=row["id"], code=row["code"], name=row["name"], email=row["email"],
            country=row["country"], tax_exempt=bool(row["tax_exempt"]),
            credit_limit=row["credit_limit"], created_at=row["created_at"],
            archived=bool(row["archived"]), currency=row["currency"],
            exponent=row["exponent"])

    _SELECT = ("SELECT customers.*, cur.exponent AS exponent FROM customers "
               "JOIN currencies cur ON cur.code = customers.currency")

    def get(self, code):
        row = self.db.query_one(self._SELECT + " WHERE customers.code = ?", (code,))
        return None if row is None else self._row(row)

    def get_by_id(self, customer_id):
        row = self.db.query_one(self._SELECT + " WHERE customers.id = ?", (customer_id,))
        return None if row is None else self._row(row)

    def list(self, *, include_archived=False, search=None):
        sql = self._SELECT
        where, params = [], []
        if not include_archived:
            where.append("archived = 0")
        if search:
            where.append("(customers.code LIKE ? OR customers.name LIKE ?)")
            params += [f"%{search}%", f"%{search}%"]
        if where:
            sql += " WHERE " + " AND ".join(where)
        return [self._row(r) for r in self.db.query(sql + " ORDER BY customers.code", params)]

    def insert(self, customer):
        cur = self.db.execute(
            "INSERT INTO customers (code, name, email, country, tax_exempt, credit_limit, "
            "created_at, archived, currency) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (customer.code, customer.name, customer.email, customer.country,
             int(customer.tax_exempt), customer.credit_limit, customer.created_at,
             int(customer.archived), customer.currency))
        customer.id = cur.lastrowid
        return customer

    def update(self, customer):
        self.db.execute(
            "UPDATE customers SET name = ?, email = ?, country = ?, tax_exempt = ?, "
            "credit_limit = ?, archived = ?, currency = ? WHERE id = ?",
            (customer.name, customer.email, customer.country, int(customer.tax_exempt),
             customer.credit_limit, int(customer.archived), customer.currency, customer.id))


class ProductRepository(Repository):
    def _row(self, row):
        return Product(
            id=row["id"], sku=row["sku"], name=row["name"], unit_price=row["unit_price"],
            tax_code=row["tax_code"], track_stock=bool(row["track_stock"]),
            archived=bool(row["archived"]))

    def get(self, sku):
        row = self.db.query_one("SELECT * FROM products WHERE sku = ?", (sku,))
        return None if row is None else self._row(row)

    def get_by_id(self, product_id):
        row = self.db.query_one("SELECT * FROM products WHERE id = ?", (product_id,))
        return None if row is None else self._row(row)

    def list(self, *, include_archived=False):
        sql = "SELECT * FROM products"
        if not include_archived:
            sql += " WHERE archived = 0"
        return [self._row(r) for r in self.db.query(sql + " ORDER BY sku")]

    def insert(self, product):
        cur = self.db.execute(
            "INSERT INTO products (sku, name, unit_price, tax_code, track_stock, archived) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (product.sku, product.name, product.unit_price, product.tax_code,
             int(product.track_stock), int(product.archived)))
        product.id = cur.lastrowid
        return product

    def update(self, product):
        self.db.execute(
            "UPDATE products SET name = ?, unit_price = ?, tax_code = ?, track_stock = ?, "
            "archived = ? WHERE id = ?",
            (product.name, product.unit_price, product.tax_code, int(product.track_stock),
             int(product.archived), product.id))


class StockRepository(Repository):
    def _row(self, row):
        return StockMovement(
            id=row["id"], product_id=row["product_id"], quantity=row["quantity"],
            kind=row["kind"], reference=row["reference"], occurred_on=row["occurred_on"])

    def add(self, product_id, quantity, kind, reference, occurred_on):
        cur = self.db.execute(
            "INSERT INTO stock_movements (product_id, quantity, kind, reference, occurred_on) "
            "VALUES (?, ?, ?, ?, ?)", (product_id, quantity, kind, reference, occurred_on))
        return cur.lastrowid

    def on_hand(self, product_id, as_of=None):
        sql = "SELECT COALESCE(SUM(quantity), 0) FROM stock_movements WHERE product_id = ?"
        params = [product_id]
        if as_of:
            sql += " AND occurred_on <= ?"
            params.append(as_of)
        return self.db.scalar(sql, params, default=0)

    def movements(self, product_id):
        return [self._row(r) for r in self.db.query(
            "SELECT * FROM stock_movements WHERE product_id = ? ORDER BY occurred_on, id",
            (product_id,))]


class InvoiceRepository(Repository):
    def _row(self, row):
        return Invoice(
            id=row["id"], number=row["number"], customer_id=row["customer_id"],
            status=row["status"], issue_date=row["issue_date"], due_date=row["due_date"],
            notes=row["notes"], subtotal=row["subtotal"], tax_total=row["tax_total"],
            total=row["total"], created_at=row["created_at"], void_reason=row["void_reason"],
            customer_code=row["customer_code"], paid=row["paid"], currency=row["currency"],
            exponent=row["exponent"], fx_rate=row["fx_rate"],
            base_subtotal=row["base_subtotal"], base_tax_total=row["base_tax_total"],
            base_total=row["base_total"])

    _SELECT = (
        "SELECT i.*, c.code AS customer_code, cur.exponent AS exponent, "
        "(SELECT COALESCE(SUM(a.amount), 0) FROM payment_allocations a "
        " WHERE a.invoice_id = i.id) AS paid "
        "FROM invoices i JOIN customers c ON c.id = i.customer_id "
        "JOIN currencies cur ON cur.code = i.currency")

    def _line_row(self, row):
        return InvoiceLine(
            id=row["id"], invoice_id=row["invoice_id"], position=row["position"],
            product_id=row["product_id"], description=row["description"],
            quantity=row["quantity"], unit_price=row["unit_price"],
            discount_bp=row["discount_bp"], tax_code=row["tax_code"], tax_bp=row["tax_bp"],
            net=row["net"], tax=row["tax"], sku=row["sku"], base_net=row["base_net"],
            base_tax=row["base_tax"])

    def get(self, invoice_id, *, with_lines=True):
        row = self.db.query_one(self._SELECT + " WHERE i.id = ?", (invoice_id,))
        if row is None:
            return None
        invoice = self._row(row)
        if with_lines:
            invoice.lines = self.lines(invoice.id)
        return invoice

    def get_by_number(self, number, *, with_lines=True):
        row = self.db.query_one("SELECT id FROM invoices WHERE number = ?", (number,))
        return None if row is None else self.get(row["id"], with_lines=with_lines)

    def list(self, *, status=None, customer_id=None, date_from=None, date_to=None,
             with_lines=False):
        where, params = [], []
        if status:
            statuses = [status] if isinstance(status, str) else list(status)
            where.append("i.status IN (%s)" % ",".join("?" * len(statuses)))
            params += statuses
        if customer_id is not None:
            where.append("i.customer_id = ?")
            params.append(customer_id)
        if date_from:
            where.append("i.issue_date >= ?")
            params.append(date_from)
        if date_to:
            where.append("i.issue_date <= ?")
            params.append(date_to)
        sql = self._SELECT
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY i.issue_date, i.id"
        invoices = [self._row(r) for r in self.db.query(sql, params)]
        if with_lines:
            for invoice in invoices:
                invoice.lines = self.lines(invoice.id)
        return invoices

    def lines(self, invoice_id):
        return [self._line_row(r) for r in self.db.query(
            "SELECT l.*, p.sku AS sku FROM invoice_lines l "
            "LEFT JOIN products p ON p.id = l.product_id "
            "WHERE l.invoice_id = ? ORDER BY l.position", (invoice_id,))]

    def insert(self, invoice):
        cur = self.db.execute(
            "INSERT INTO invoices (number, customer_id, status, issue_date, due_date, notes, "
            "subtotal, tax_total, total, created_at, currency) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (invoice.number, invoice.customer_id, invoice.status, invoice.issue_date,
             invoice.due_date, invoice.notes, invoice.subtotal, invoice.tax_total,
             invoice.total, invoice.created_at, invoice.currency))
        invoice.id = cur.lastrowid
        return invoice

    def update(self, invoice):
        self.db.execute(
            "UPDATE invoices SET number = ?, status = ?, issue_date = ?, due_date = ?, "
            "notes = ?, subtotal = ?, tax_total = ?, total = ?, void_reason = ?, fx_rate = ?, "
            "base_subtotal = ?, base_tax_total = ?, base_total = ? WHERE id = ?",
            (invoice.number, invoice.status, invoice.issue_date, invoice.due_date,
             invoice.notes, invoice.subtotal, invoice.tax_total, invoice.total,
             invoice.void_reason, invoice.fx_rate, invoice.base_subtotal,
             invoice.base_tax_total, invoice.base_total, invoice.id))

    def set_line_base(self, line_id, base_net, base_tax):
        self.db.execute("UPDATE invoice_lines SET base_net = ?, base_tax = ? WHERE id = ?",
                        (base_net, base_tax, line_id))

    def delete(self, invoice_id):
        self.db.execute("DELETE FROM invoice_lines WHERE invoice_id = ?", (invoice_id,))
        self.db.execute("DELETE FROM invoices WHERE id = ?", (invoice_id,))

    def insert_line(self, line):
        cur = self.db.execute(
            "INSERT INTO invoice_lines (invoice_id, position, product_id, description, "
            "quantity, unit_price, discount_bp, tax_code, tax_bp, net, tax) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (line.invoice_id, line.position, line.product_id, line.description, line.quantity,
             line.unit_price, line.discount_bp, line.tax_code, line.tax_bp, line.net,
             line.tax))
        line.id = cur.lastrowid
        return line

    def delete_line(self, invoice_id, position):
        cur = self.db.execute(
            "DELETE FROM invoice_lines WHERE invoice_id = ? AND position = ?",
            (invoice_id, position))
        if cur.rowcount:
            self.db.execute(
                "UPDATE invoice_lines SET position = -(position - 1) "
                "WHERE invoice_id = ? AND position > ?", (invoice_id, position))
            self.db.execute(
                "UPDATE invoice_lines SET position = -position "
                "WHERE invoice_id = ? AND position < 0", (invoice_id,))
        return cur.rowcount

    def next_position(self, invoice_id):
        return self.db.scalar(
            "SELECT COALESCE(MAX(position), 0) + 1 FROM invoice_lines WHERE invoice_id = ?",
            (invoice_id,), default=1)


class PaymentRepository(Repository):
    _SELECT = (
        "SELECT p.*, c.code AS customer_code, cur.exponent AS exponent, "
        "(SELECT COALESCE(SUM(a.amount), 0) FROM payment_allocations a "
        " WHERE a.payment_id = p.id) AS allocated "
        "FROM payments p JOIN customers c ON c.id = p.customer_id "
        "JOIN currencies cur ON cur.code = p.currency")

    def _row(self, row):
        return Payment(
            id=row["id"], customer_id=row["customer_id"], received_on=row["received_on"],
            amount=row["amount"], method=row["method"], reference=row["reference"],
            customer_code=row["customer_code"], allocated=row["allocated"],
            currency=row["currency"], exponent=row["exponent"], fx_rate=row["fx_rate"],
            base_amount=row["base_amount"])

    def get(self, payment_id):
        row = self.db.query_one(self._SELECT + " WHERE p.id = ?", (payment_id,))
        if row is None:
            return None
        payment = self._row(row)
        payment.allocations = self.allocations(payment_id=payment.id)
        return payment

    def list(self, *, customer_id=None, date_from=None, date_to=None):
        where, params = [], []
        if customer_id is not None:
            where.append("p.customer_id = ?")
            params.append(customer_id)
        if date_from:
            where.append("p.received_on >= ?")
            params.append(date_from)
        if date_to:
            where.append("p.received_on <= ?")
            params.append(date_to)
        sql = self._SELECT
        if where:
            sql += " WHERE " + " AND ".join(where)
        payments = [self._row(r) for r in self.db.query(sql + " ORDER BY p.received_on, p.id",
                                                          params)]
        for payment in payments:
            payment.allocations = self.allocations(payment_id=payment.id)
        return payments

    def insert(self, payment):
        cur = self.db.execute(
            "INSERT INTO payments (customer_id, received_on, amount, method, reference, "
            "currency, fx_rate, base_amount) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (payment.customer_id, payment.received_on, payment.amount, payment.method,
             payment.reference, payment.currency, payment.fx_rate, payment.base_amount))
        payment.id = cur.lastrowid
        return payment

    def allocations(self, *, payment_id=None, invoice_id=None):
        where, params = [], []
        if payment_id is not None:
            where.append("a.payment_id = ?")
            params.append(payment_id)
        if invoice_id is not None:
            where.append("a.invoice_id = ?")
            params.append(invoice_id)
        sql = ("SELECT a.*, i.number AS invoice_number FROM payment_allocations a "
               "JOIN invoices i ON i.id = a.invoice_id")
        if where:
            sql += " WHERE " + " AND ".join(where)
        return [PaymentAllocation(
            id=r["id"], payment_id=r["payment_id"], invoice_id=r["invoice_id"],
            amount=r["amount"], invoice_number=r["invoice_number"],
            base_amount=r["base_amount"], fx_gain=r["fx_gain"])
            for r in self.db.query(sql + " ORDER BY a.id", params)]

    def allocate(self, payment_id, invoice_id, amount, base_amount, fx_gain):
        cur = self.db.execute(
            "INSERT INTO payment_allocations (payment_id, invoice_id, amount, base_amount, "
            "fx_gain) VALUES (?, ?, ?, ?, ?)",
            (payment_id, invoice_id, amount, base_amount, fx_gain))
        return cur.lastrowid

    def allocations_until(self, as_of):
        """(invoice_id, amount) of allocations whose payment was received on or before as_of."""
        return self.db.query(
            "SELECT a.invoice_id, SUM(a.amount) AS amount FROM payment_allocations a "
            "JOIN payments p ON p.id = a.payment_id WHERE p.received_on <= ? "
            "GROUP BY a.invoice_id", (as_of,))


class UserRepository(Repository):
    def _row(self, row):
        return User(id=row["id"], username=row["username"], role=row["role"],
                    token=row["token"], active=bool(row["active"]))

    def get(self, username):
        row = self.db.query_one("SELECT * FROM users WHERE username = ?", (username,))
        return None if row is None else self._row(row)

    def by_token(self, token):
        row = self.db.query_one("SELECT * FROM users WHERE token = ? AND active = 1", (token,))
        return None if row is None else self._row(row)

    def list(self):
        return [self._row(r) for r in self.db.query("SELECT * FROM users ORDER BY username")]

    def insert(self, user):
        cur = self.db.execute(
            "INSERT INTO users (username, role, token, active) VALUES (?, ?, ?, ?)",
            (user.username, user.role, user.token, int(user.active)))
        user.id = cur.lastrowid
        return user

    def update(self, user):
        self.db.execute("UPDATE users SET role = ?, token = ?, active = ? WHERE id = ?",
                        (user.role, user.token, int(user.active), user.id))


class AuditRepository(Repository):
    def add(self, at, actor, action, entity, entity_id, detail):
        cur = self.db.execute(
            "INSERT INTO audit_log (at, actor, action, entity, entity_id, detail) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (at, actor, action, entity, str(entity_id), json.dumps(detail, sort_keys=True)))
        return cur.lastrowid

    def list(self, *, entity=None, entity_id=None, actor=None, limit=100):
        where, params = [], []
        if entity:
            where.append("entity = ?")
            params.append(entity)
        if entity_id is not None:
            where.append("entity_id = ?")
            params.append(str(entity_id))
        if actor:
            where.append("actor = ?")
            params.append(actor)
        sql = "SELECT * FROM audit_log"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY id DESC LIMIT ?"
        params.append(int(limit))
        return [AuditEntry(id=r["id"], at=r["at"], actor=r["actor"], action=r["action"],
                           entity=r["entity"], entity_id=r["entity_id"],
                           detail=json.loads(r["detail"]))
                for r in self.db.query(sql, params)]
