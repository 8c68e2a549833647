"""CSV import of customers and products.

Every row is validated first; the import is all or nothing: one bad row rejects the file, and
the error lists every bad row (line number and message). Existing codes/SKUs are updated when
``update=True`` and rejected otherwise.
"""

import csv
import io

from ledgerly.errors import LedgerError, ValidationError

CUSTOMER_FIELDS = ("code", "name", "email", "country", "tax_exempt", "credit_limit",
                   "currency")
PRODUCT_FIELDS = ("sku", "name", "unit_price", "tax_code", "track_stock")


def _read(text, required, optional):
    reader = csv.DictReader(io.StringIO(text))
    if reader.fieldnames is None:
        raise ValidationError("empty CSV file", code="import_failed")
    header = [h.strip() for h in reader.fieldnames]
    missing = [f for f in required if f not in header]
    unknown = [f for f in header if f not in required + optional]
    if missing or unknown:
        raise ValidationError(
            f"bad CSV header: missing {missing or 'nothing'}, unknown {unknown or 'nothing'}",
            code="import_failed")
    rows = []
    for number, raw in enumerate(reader, start=2):
        rows.append((number, {k.strip(): (v or "").strip() for k, v in raw.items()
                              if k is not None}))
    return rows


def _run(ledger, rows, apply_row):
    errors = []
    results = {"created": 0, "updated": 0}
    db = ledger.db
    try:
        with db.transaction():
            for number, row in rows:
                try:
                    with db.transaction():
                        results[apply_row(row)] += 1
                except LedgerError as err:
                    errors.append({"line": number, "error": err.message})
            if errors:
                raise _Abort()
    except _Abort:
        raise ValidationError(f"import rejected: {len(errors)} bad row(s)",
                              code="import_failed", details={"errors": errors}) from None
    return results


class _Abort(Exception):
    pass


def import_customers(ledger, text, *, update=False):
    ledger.require("import.run")
    rows = _read(text, ["code", "name"], list(CUSTOMER_FIELDS[2:]))

    def apply_row(row):
        fields = {k: row[k] for k in CUSTOMER_FIELDS[2:] if k in row and row[k] != ""}
        existing = ledger.repos.customers.get(row["code"].upper())
        if existing is not None:
            if not update:
                raise ValidationError(f"customer {existing.code} exists")
            ledger.customers.update(existing.code, name=row["name"], **fields)
            return "updated"
        ledger.customers.add(row["code"], row["name"], **fields)
        return "created"

    return _run(ledger, rows, apply_row)


def import_products(ledger, text, *, update=False):
    ledger.require("import.run")
    rows = _read(text, ["sku", "name", "unit_price"], list(PRODUCT_FIELDS[3:]))

    def apply_row(row):
        fields = {k: row[k] for k in PRODUCT_FIELDS[3:] if k in row and row[k] != ""}
        existing = ledger.repos.products.get(row["sku"])
        if existing is not None:
            if not update:
                raise ValidationError(f"product {existing.sku} exists")
            ledger.products.update(existing.sku, name=row["name"],
                                   unit_price=row["unit_price"], **fields)
            return "updated"
        ledger.products.add(row["sku"], row["name"], row["unit_price"], **fields)
        return "created"

    return _run(ledger, rows, apply_row)
