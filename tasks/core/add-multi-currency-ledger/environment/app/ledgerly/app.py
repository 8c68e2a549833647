"""The :class:`Ledger` facade: one database, one acting user, every service."""

from ledgerly.audit import AuditLog
from ledgerly.auth.permissions import SYSTEM, Actor, require
from ledgerly.errors import AuthenticationRequired
from ledgerly.storage import migrations
from ledgerly.storage.db import Database
from ledgerly.storage.repositories import (
    CustomerRepository, InvoiceRepository, PaymentRepository, ProductRepository,
    SettingsRepository, StockRepository, TaxRateRepository, UserRepository,
)


class Ledger:
    """Entry point used by the CLI, the API and tests.

    ``Ledger.open(path)`` refuses a database whose schema is not the latest version; use
    ``Ledger.create`` for a new file and ``ledgerly.storage.migrations.migrate`` to upgrade.
    """

    def __init__(self, db, actor=SYSTEM):
        from ledgerly.services.customers import CustomerService
        from ledgerly.services.invoices import InvoiceService
        from ledgerly.services.payments import PaymentService
        from ledgerly.services.products import ProductService
        from ledgerly.services.settings import SettingsService
        from ledgerly.services.users import UserService
        from ledgerly.reports.registry import ReportService

        self.db = db
        self.actor = actor
        self.audit = AuditLog(db, actor)
        self.repos = _Repos(db)
        self.settings = SettingsService(self)
        self.users = UserService(self)
        self.customers = CustomerService(self)
        self.products = ProductService(self)
        self.invoices = InvoiceService(self)
        self.payments = PaymentService(self)
        self.reports = ReportService(self)

    @classmethod
    def open(cls, path, actor=SYSTEM):
        db = Database(path, must_exist=True)
        try:
            migrations.check_version(db)
        except Exception:
            db.close()
            raise
        return cls(db, actor)

    @classmethod
    def create(cls, path, *, company_name=None, currency=None):
        db = Database(path)
        migrations.migrate(db)
        ledger = cls(db, SYSTEM)
        with db.transaction():
            if company_name:
                ledger.settings.set("company_name", company_name)
            if currency:
                ledger.settings.set("currency", currency)
        return ledger

    def as_user(self, username):
        """A Ledger on the same database acting as an existing, active user."""
        user = self.repos.users.get(username)
        if user is None or not user.active:
            raise AuthenticationRequired(f"unknown or inactive user {username!r}")
        return Ledger(self.db, Actor(user.username, user.role))

    def authenticate(self, token):
        user = self.repos.users.by_token(token or "")
        if user is None:
            raise AuthenticationRequired("missing or invalid API token")
        return Ledger(self.db, Actor(user.username, user.role))

    def require(self, permission):
        require(self.actor, permission)

    def close(self):
        self.db.close()


class _Repos:
    def __init__(self, db):
        self.settings = SettingsRepository(db)
        self.tax_rates = TaxRateRepository(db)
        self.customers = CustomerRepository(db)
        self.products = ProductRepository(db)
        self.stock = StockRepository(db)
        self.invoices = InvoiceRepository(db)
        self.payments = PaymentRepository(db)
        self.users = UserRepository(db)
