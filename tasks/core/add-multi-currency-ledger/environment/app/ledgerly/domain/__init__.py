from ledgerly.domain.models import (  # noqa: F401
    AuditEntry, Customer, Invoice, InvoiceLine, Payment, PaymentAllocation, Product,
    StockMovement, TaxRate, User,
)
