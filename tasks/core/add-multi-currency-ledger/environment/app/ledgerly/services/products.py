"""Products, tax rates and stock movements."""

from ledgerly.dates import format_date, parse_date, today
from ledgerly.domain import validation
from ledgerly.domain.models import MOVEMENT_KINDS, Product, TaxRate
from ledgerly.errors import Conflict, ValidationError, not_found
from ledgerly.money import parse_amount, parse_percent, parse_quantity
from ledgerly.services.base import Service


class ProductService(Service):
    # -- tax rates -------------------------------------------------------------------------
    def tax_rates(self):
        self.require("product.read")
        return self.repos.tax_rates.list()

    def tax_rate(self, code):
        rate = self.repos.tax_rates.get(validation.tax_code(code))
        if rate is None:
            raise not_found("tax_rate", code)
        return rate

    def set_tax_rate(self, code, name, rate):
        self.require("tax.write")
        tax = TaxRate(code=validation.tax_code(code), name=validation.name(name),
                      basis_points=parse_percent(rate, what="tax rate"))
        with self.db.transaction():
            old = self.repos.tax_rates.get(tax.code)
            self.repos.tax_rates.upsert(tax)
            self.audit.record("update" if old else "create", "tax_rate", tax.code,
                              rate=tax.to_dict()["rate"])
        return tax

    # -- products ----------------------------------------------------------------------------
    def get(self, sku):
        self.require("product.read")
        return self.product_or_404(sku)

    def list(self, *, include_archived=False):
        self.require("product.read")
        return self.repos.products.list(include_archived=include_archived)

    def add(self, sku, name, unit_price, *, tax_code="STD", track_stock=False):
        self.require("product.write")
        product = Product(
            id=0, sku=validation.sku(sku), name=validation.name(name),
            unit_price=validation.non_negative(parse_amount(unit_price, what="unit price"),
                                               what="unit price"),
            tax_code=self.tax_rate(tax_code).code,
            track_stock=validation.boolean(track_stock, what="track_stock"))
        with self.db.transaction():
            if self.repos.products.get(product.sku) is not None:
                raise Conflict(f"product {product.sku!r} exists", code="product_exists")
            self.repos.products.insert(product)
            self.audit.record("create", "product", product.sku,
                              unit_price=product.to_dict()["unit_price"])
        return product

    def update(self, sku, **changes):
        self.require("product.write")
        allowed = {"name", "unit_price", "tax_code", "track_stock"}
        unknown = set(changes) - allowed
        if unknown:
            raise ValidationError(f"cannot update {', '.join(sorted(unknown))}",
                                  code="invalid_field")
        with self.db.transaction():
            product = self.product_or_404(sku)
            before = product.to_dict()
            if "name" in changes:
                product.name = validation.name(changes["name"])
            if "unit_price" in changes:
                product.unit_price = validation.non_negative(
                    parse_amount(changes["unit_price"], what="unit price"), what="unit price")
            if "tax_code" in changes:
                product.tax_code = self.tax_rate(changes["tax_code"]).code
            if "track_stock" in changes:
                product.track_stock = validation.boolean(changes["track_stock"],
                                                         what="track_stock")
            self.repos.products.update(product)
            after = product.to_dict()
            self.audit.record("update", "product", product.sku,
                              changes={k: [before[k], after[k]] for k in after
                                       if before[k] != after[k]})
        return product

    def archive(self, sku):
        self.require("product.write")
        with self.db.transaction():
            product = self.product_or_404(sku)
            product.archived = True
            self.repos.products.update(product)
            self.audit.record("archive", "product", product.sku)
        return product

    # -- stock -----------------------------------------------------------------------------
    def on_hand(self, sku, as_of=None):
        self.require("product.read")
        product = self.product_or_404(sku)
        return self.repos.stock.on_hand(product.id, format_date(parse_date(as_of))
                                        if as_of else None)

    def movements(self, sku):
        self.require("product.read")
        return self.repos.stock.movements(self.product_or_404(sku).id)

    def move_stock(self, sku, quantity, kind, *, reference="", occurred_on=None):
        """Record a movement; ``quantity`` is signed for 'adjust', positive otherwise."""
        self.require("stock.write")
        if kind not in MOVEMENT_KINDS:
            raise ValidationError(f"unknown movement kind {kind!r}", code="invalid_kind")
        qty = parse_quantity(quantity) if not isinstance(quantity, int) else quantity
        if kind != "adjust" and qty <= 0:
            raise ValidationError("quantity must be positive", code="invalid_quantity")
        if kind == "sale":
            qty = -qty
        when = format_date(parse_date(occurred_on) if occurred_on else today())
        with self.db.transaction():
            product = self.product_or_404(sku)
            if not product.track_stock:
                raise Conflict(f"product {product.sku} does not track stock",
                               code="not_stocked")
            if self.repos.stock.on_hand(product.id) + qty < 0:
                raise Conflict(f"stock of {product.sku} would go negative",
                               code="insufficient_stock")
            movement_id = self.repos.stock.add(product.id, qty, kind, reference, when)
            self.audit.record("stock_" + kind, "product", product.sku, quantity=qty,
                              reference=reference)
        return movement_id
