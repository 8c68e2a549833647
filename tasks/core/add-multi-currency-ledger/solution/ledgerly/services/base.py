from ledgerly.errors import not_found


class Service:
    def __init__(self, ledger):
        self.ledger = ledger
        self.db = ledger.db
        self.repos = ledger.repos
        self.audit = ledger.audit

    def require(self, permission):
        self.ledger.require(permission)

    def customer_or_404(self, code):
        customer = self.repos.customers.get((code or "").strip().upper())
        if customer is None:
            raise not_found("customer", code)
        return customer

    def product_or_404(self, sku):
        product = self.repos.products.get((sku or "").strip())
        if product is None:
            raise not_found("product", sku)
        return product

    def invoice_or_404(self, ref):
        """An invoice by id (int or digits) or by number (e.g. "INV-00012")."""
        invoice = None
        if isinstance(ref, int) or (isinstance(ref, str) and ref.strip().isdigit()):
            invoice = self.repos.invoices.get(int(ref))
        elif isinstance(ref, str):
            invoice = self.repos.invoices.get_by_number(ref.strip())
        if invoice is None:
            raise not_found("invoice", ref)
        return invoice
