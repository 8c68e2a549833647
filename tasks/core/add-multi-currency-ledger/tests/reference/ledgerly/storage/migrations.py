"""Hand-rolled schema migrations.

Each migration is a numbered function that receives the :class:`Database` and changes the schema
(and data) from version N-1 to N. ``migrate`` applies the pending ones in order, each in its own
transaction, and records it in ``schema_migrations``. A migration that raises leaves the database
exactly at the previous version.

The version of a database is the highest version recorded in ``schema_migrations`` (0 for a new,
empty file). Code refuses to work on a database whose version differs from ``LATEST_VERSION``
(see :func:`check_version`).
"""

from ledgerly.dates import now_iso
from ledgerly.errors import MigrationError, SchemaError

MIGRATIONS = []


def migration(version, name):
    def register(func):
        MIGRATIONS.append((version, name, func))
        MIGRATIONS.sort(key=lambda m: m[0])
        return func
    return register


@migration(1, "initial schema")
def _m0001(db):
    db.execute("""
        CREATE TABLE settings (
            key   TEXT PRIMARY KEY,
            value TEXT NOT NULL
        )""")
    db.executemany("INSERT INTO settings (key, value) VALUES (?, ?)", [
        ("company_name", "My Company"),
        ("currency", "EUR"),
        ("invoice_prefix", "INV-"),
        ("next_invoice_number", "1"),
        ("payment_terms_days", "30"),
    ])
    db.execute("""
        CREATE TABLE customers (
            id           INTEGER PRIMARY KEY,
            code         TEXT NOT NULL UNIQUE,
            name         TEXT NOT NULL,
            email        TEXT NOT NULL DEFAULT '',
            country      TEXT NOT NULL DEFAULT '',
            tax_exempt   INTEGER NOT NULL DEFAULT 0,
            credit_limit INTEGER NOT NULL DEFAULT 0,
            created_at   TEXT NOT NULL,
            archived     INTEGER NOT NULL DEFAULT 0
        )""")
    db.execute("""
        CREATE TABLE tax_rates (
            code         TEXT PRIMARY KEY,
            name         TEXT NOT NULL,
            basis_points INTEGER NOT NULL CHECK (basis_points BETWEEN 0 AND 10000)
        )""")
    db.executemany("INSERT INTO tax_rates (code, name, basis_points) VALUES (?, ?, ?)", [
        ("STD", "Standard rate", 2000),
        ("RED", "Reduced rate", 500),
        ("ZERO", "Zero rate", 0),
        ("EXEMPT", "Exempt", 0),
    ])
    db.execute("""
        CREATE TABLE products (
            id         INTEGER PRIMARY KEY,
            sku        TEXT NOT NULL UNIQUE,
            name       TEXT NOT NULL,
            unit_price INTEGER NOT NULL,
            tax_code   TEXT NOT NULL REFERENCES tax_rates (code),
            archived   INTEGER NOT NULL DEFAULT 0
        )""")
    db.execute("""
        CREATE TABLE invoices (
            id          INTEGER PRIMARY KEY,
            number      TEXT UNIQUE,
            customer_id INTEGER NOT NULL REFERENCES customers (id),
            status      TEXT NOT NULL DEFAULT 'draft',
            issue_date  TEXT NOT NULL,
            due_date    TEXT NOT NULL,
            notes       TEXT NOT NULL DEFAULT '',
            subtotal    INTEGER NOT NULL DEFAULT 0,
            tax_total   INTEGER NOT NULL DEFAULT 0,
            total       INTEGER NOT NULL DEFAULT 0,
            created_at  TEXT NOT NULL,
            void_reason TEXT NOT NULL DEFAULT ''
        )""")
    db.execute("""
        CREATE TABLE invoice_lines (
            id          INTEGER PRIMARY KEY,
            invoice_id  INTEGER NOT NULL REFERENCES invoices (id) ON DELETE CASCADE,
            position    INTEGER NOT NULL,
            product_id  INTEGER REFERENCES products (id),
            description TEXT NOT NULL,
            quantity    INTEGER NOT NULL,
            unit_price  INTEGER NOT NULL,
            tax_code    TEXT NOT NULL,
            tax_bp      INTEGER NOT NULL,
            net         INTEGER NOT NULL,
            tax         INTEGER NOT NULL,
            UNIQUE (invoice_id, position)
        )""")
    db.execute("CREATE INDEX invoices_customer ON invoices (customer_id)")


@migration(2, "stock tracking")
def _m0002(db):
    db.execute("ALTER TABLE products ADD COLUMN track_stock INTEGER NOT NULL DEFAULT 0")
    db.execute("""
        CREATE TABLE stock_movements (
            id          INTEGER PRIMARY KEY,
            product_id  INTEGER NOT NULL REFERENCES products (id),
            quantity    INTEGER NOT NULL,
            kind        TEXT NOT NULL,
            reference   TEXT NOT NULL DEFAULT '',
            occurred_on TEXT NOT NULL
        )""")
    db.execute("CREATE INDEX stock_movements_product ON stock_movements (product_id)")


@migration(3, "line discounts")
def _m0003(db):
    db.execute("ALTER TABLE invoice_lines ADD COLUMN discount_bp INTEGER NOT NULL DEFAULT 0")


@migration(4, "payments")
def _m0004(db):
    db.execute("""
        CREATE TABLE payments (
            id          INTEGER PRIMARY KEY,
            customer_id INTEGER NOT NULL REFERENCES customers (id),
            received_on TEXT NOT NULL,
            amount      INTEGER NOT NULL CHECK (amount > 0),
            method      TEXT NOT NULL,
            reference   TEXT NOT NULL DEFAULT ''
        )""")
    db.execute("""
        CREATE TABLE payment_allocations (
            id         INTEGER PRIMARY KEY,
            payment_id INTEGER NOT NULL REFERENCES payments (id),
            invoice_id INTEGER NOT NULL REFERENCES invoices (id),
            amount     INTEGER NOT NULL CHECK (amount > 0)
        )""")
    db.execute("CREATE INDEX allocations_invoice ON payment_allocations (invoice_id)")
    # Invoices fully paid before payments were tracked keep status 'paid' without allocations;
    # from version 4 on, 'paid' means "allocations cover the total". Reopen the legacy ones so
    # their balance shows until a payment is recorded.
    db.execute("UPDATE invoices SET status = 'issued' WHERE status = 'paid'")


@migration(5, "users and audit log")
def _m0005(db):
    db.execute("""
        CREATE TABLE users (
            id       INTEGER PRIMARY KEY,
            username TEXT NOT NULL UNIQUE,
            role     TEXT NOT NULL,
            token    TEXT NOT NULL UNIQUE,
            active   INTEGER NOT NULL DEFAULT 1
        )""")
    db.execute("""
        CREATE TABLE audit_log (
            id        INTEGER PRIMARY KEY,
            at        TEXT NOT NULL,
            actor     TEXT NOT NULL,
            action    TEXT NOT NULL,
            entity    TEXT NOT NULL,
            entity_id TEXT NOT NULL,
            detail    TEXT NOT NULL DEFAULT '{}'
        )""")
    db.execute("CREATE INDEX audit_entity ON audit_log (entity, entity_id)")


@migration(6, "multi-currency")
def _m0006(db):
    from ledgerly.currency import BUILTIN, CODE_RE
    row = db.query_one("SELECT value FROM settings WHERE key = 'currency'")
    base = (row["value"] if row else "").strip().upper()
    if not CODE_RE.match(base):
        raise MigrationError(
            f"cannot migrate to multi-currency: settings.currency is {base or 'not set'!r}, "
            "not a three-letter currency code", code="invalid_base_currency")
    if BUILTIN.get(base, 2) != 2:
        raise MigrationError(
            f"cannot migrate to multi-currency: base currency {base} has "
            f"{BUILTIN[base]} decimals, but existing amounts are stored in hundredths",
            code="invalid_base_currency")
    db.execute("UPDATE settings SET value = ? WHERE key = 'currency'", (base,))
    db.execute("""
        CREATE TABLE currencies (
            code     TEXT PRIMARY KEY,
            exponent INTEGER NOT NULL CHECK (exponent BETWEEN 0 AND 4)
        )""")
    db.executemany("INSERT INTO currencies (code, exponent) VALUES (?, ?)",
                   sorted(BUILTIN.items()))
    db.execute("INSERT OR IGNORE INTO currencies (code, exponent) VALUES (?, 2)", (base,))
    db.execute("""
        CREATE TABLE fx_rates (
            currency       TEXT NOT NULL REFERENCES currencies (code),
            effective_date TEXT NOT NULL,
            rate           TEXT NOT NULL,
            PRIMARY KEY (currency, effective_date)
        )""")
    db.execute("ALTER TABLE customers ADD COLUMN currency TEXT NOT NULL DEFAULT ''")
    db.execute("UPDATE customers SET currency = ?", (base,))
    db.execute("ALTER TABLE invoices ADD COLUMN currency TEXT NOT NULL DEFAULT ''")
    db.execute("ALTER TABLE invoices ADD COLUMN fx_rate TEXT")
    for column in ("base_subtotal", "base_tax_total", "base_total"):
        db.execute(f"ALTER TABLE invoices ADD COLUMN {column} INTEGER")
    db.execute("UPDATE invoices SET currency = ?", (base,))
    db.execute("UPDATE invoices SET fx_rate = '1', base_subtotal = subtotal, "
               "base_tax_total = tax_total, base_total = total WHERE status != 'draft'")
    db.execute("ALTER TABLE invoice_lines ADD COLUMN base_net INTEGER")
    db.execute("ALTER TABLE invoice_lines ADD COLUMN base_tax INTEGER")
    db.execute("UPDATE invoice_lines SET base_net = net, base_tax = tax WHERE invoice_id IN "
               "(SELECT id FROM invoices WHERE status != 'draft')")
    db.execute("ALTER TABLE payments ADD COLUMN currency TEXT NOT NULL DEFAULT ''")
    db.execute("ALTER TABLE payments ADD COLUMN fx_rate TEXT NOT NULL DEFAULT '1'")
    db.execute("ALTER TABLE payments ADD COLUMN base_amount INTEGER NOT NULL DEFAULT 0")
    db.execute("UPDATE payments SET currency = ?, fx_rate = '1', base_amount = amount", (base,))
    db.execute("ALTER TABLE payment_allocations ADD COLUMN base_amount INTEGER NOT NULL "
               "DEFAULT 0")
    db.execute("ALTER TABLE payment_allocations ADD COLUMN fx_gain INTEGER NOT NULL DEFAULT 0")
    db.execute("UPDATE payment_allocations SET base_amount = amount, fx_gain = 0")


LATEST_VERSION = max(m[0] for m in MIGRATIONS)


def current_version(db):
    if not db.table_exists("schema_migrations"):
        return 0
    return db.scalar("SELECT MAX(version) FROM schema_migrations", default=0)


def applied(db):
    if not db.table_exists("schema_migrations"):
        return []
    return [dict(row) for row in db.query(
        "SELECT version, name, applied_at FROM schema_migrations ORDER BY version")]


def pending(db):
    version = current_version(db)
    return [(v, name) for v, name, _ in MIGRATIONS if v > version]


def migrate(db, target=None):
    """Apply pending migrations up to ``target`` (default: the latest); returns those applied."""
    target = LATEST_VERSION if target is None else target
    version = current_version(db)
    if version > LATEST_VERSION:
        raise SchemaError(
            f"database schema version {version} is newer than this code ({LATEST_VERSION})",
            code="schema_too_new")
    if target < version:
        raise MigrationError(f"cannot migrate down from {version} to {target}",
                             code="no_downgrade")
    done = []
    for number, name, func in MIGRATIONS:
        if number <= version or number > target:
            continue
        try:
            with db.transaction():
                if not db.table_exists("schema_migrations"):
                    db.execute("""
                        CREATE TABLE schema_migrations (
                            version    INTEGER PRIMARY KEY,
                            name       TEXT NOT NULL,
                            applied_at TEXT NOT NULL
                        )""")
                func(db)
                db.execute(
                    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                    (number, name, now_iso()))
        except MigrationError:
            raise
        except Exception as err:  # noqa: BLE001 - reported with the migration's number
            raise MigrationError(f"migration {number} ({name}) failed: {err}") from err
        done.append((number, name))
    return done


def check_version(db):
    version = current_version(db)
    if version == LATEST_VERSION:
        return version
    if version > LATEST_VERSION:
        raise SchemaError(
            f"database schema version {version} is newer than this code ({LATEST_VERSION})",
            code="schema_too_new")
    raise SchemaError(
        f"database schema is at version {version}, this code needs {LATEST_VERSION}: "
        f"run `ledgerly migrate`", code="schema_outdated")
