from ledgerly.domain.models import (  # noqa: F401
    AuditEntry, Currency, Customer, FxRate, Invoice, InvoiceLine, Payment, PaymentAllocation, Product,
    StockMovement, TaxRate, User,
)
