"""Command line interface.

Global options: ``--db PATH`` (default ``$LEDGERLY_DB`` or ``ledger.db``) and ``--as USER``
(act as that user; default the built-in ``system`` admin).

Commands print JSON documents on stdout (objects, or ``{"<things>": [...]}`` for lists), except
``report`` and ``export`` which print the chosen format. A ledger error prints
``error[<code>]: <message>`` on stderr and exits 1; bad usage exits 2.
"""

import argparse
import json
import os
import sys

from ledgerly.app import Ledger
from ledgerly.errors import LedgerError
from ledgerly.io import exporters, importers
from ledgerly.money import format_amount, format_quantity
from ledgerly.reports.base import FORMATS
from ledgerly.storage import migrations
from ledgerly.storage.db import Database


def _print(obj):
    sys.stdout.write(json.dumps(obj, indent=2) + "\n")


def _ledger(args):
    ledger = Ledger.open(args.db)
    if args.as_user:
        ledger = ledger.as_user(args.as_user)
    return ledger


# -- handlers ----------------------------------------------------------------------------------
def cmd_init(args):
    if os.path.exists(args.db):
        raise LedgerError(f"{args.db} already exists", code="exists")
    ledger = Ledger.create(args.db, company_name=args.company, currency=args.currency)
    _print({"database": args.db, "schema_version": migrations.current_version(ledger.db),
            "settings": ledger.settings.all()})


def cmd_migrate(args):
    if not os.path.exists(args.db):
        raise LedgerError(f"no ledger database at {args.db}", code="no_database")
    with Database(args.db) as db:
        if args.status:
            _print({"version": migrations.current_version(db),
                    "latest": migrations.LATEST_VERSION,
                    "applied": migrations.applied(db),
                    "pending": [{"version": v, "name": n} for v, n in migrations.pending(db)]})
            return
        done = migrations.migrate(db, args.to)
        _print({"applied": [{"version": v, "name": n} for v, n in done],
                "version": migrations.current_version(db)})


def cmd_settings(args):
    ledger = _ledger(args)
    if args.action == "list":
        _print(ledger.settings.all())
    elif args.action == "get":
        _print({args.key: ledger.settings.get(args.key)})
    else:
        _print({args.key: ledger.settings.set(args.key, args.value)})


def cmd_user(args):
    ledger = _ledger(args)
    if args.action == "add":
        _print(ledger.users.add(args.username, args.role, token=args.token)
               .to_dict(with_token=True))
    elif args.action == "list":
        _print({"users": [u.to_dict() for u in ledger.users.list()]})
    elif args.action == "role":
        _print(ledger.users.set_role(args.username, args.role).to_dict())
    elif args.action == "deactivate":
        _print(ledger.users.deactivate(args.username).to_dict())
    elif args.action == "rotate-token":
        _print(ledger.users.rotate_token(args.username).to_dict(with_token=True))


def cmd_customer(args):
    ledger = _ledger(args)
    if args.action == "add":
        _print(ledger.customers.add(
            args.code, args.name, email=args.email or "", country=args.country or "",
            tax_exempt=args.tax_exempt, credit_limit=args.credit_limit or "0",
            currency=args.currency).to_dict())
    elif args.action == "list":
        _print({"customers": [c.to_dict() for c in ledger.customers.list(
            include_archived=args.all, search=args.search)]})
    elif args.action == "show":
        _print(ledger.customers.summary(args.code))
    elif args.action == "update":
        changes = {k: getattr(args, k) for k in ("name", "email", "country", "credit_limit",
                                                 "currency")
                   if getattr(args, k) is not None}
        if args.tax_exempt is not None:
            changes["tax_exempt"] = args.tax_exempt
        _print(ledger.customers.update(args.code, **changes).to_dict())
    elif args.action == "archive":
        _print(ledger.customers.archive(args.code).to_dict())


def cmd_product(args):
    ledger = _ledger(args)
    if args.action == "add":
        _print(ledger.products.add(args.sku, args.name, args.price, tax_code=args.tax_code,
                                   track_stock=args.track_stock).to_dict())
    elif args.action == "list":
        _print({"products": [p.to_dict() for p in ledger.products.list(
            include_archived=args.all)]})
    elif args.action == "show":
        product = ledger.products.get(args.sku)
        body = product.to_dict()
        if product.track_stock:
            body["on_hand"] = format_quantity(ledger.products.on_hand(product.sku))
        _print(body)
    elif args.action == "update":
        changes = {k: getattr(args, k) for k in ("name", "tax_code")
                   if getattr(args, k) is not None}
        if args.price is not None:
            changes["unit_price"] = args.price
        if args.track_stock is not None:
            changes["track_stock"] = args.track_stock
        _print(ledger.products.update(args.sku, **changes).to_dict())
    elif args.action == "archive":
        _print(ledger.products.archive(args.sku).to_dict())


def cmd_stock(args):
    ledger = _ledger(args)
    if args.action == "move":
        movement = ledger.products.move_stock(args.sku, args.quantity, args.kind,
                                              reference=args.reference or "",
                                              occurred_on=args.date)
        _print({"movement_id": movement,
                "on_hand": format_quantity(ledger.products.on_hand(args.sku))})
    elif args.action == "on-hand":
        _print({"sku": args.sku,
                "on_hand": format_quantity(ledger.products.on_hand(args.sku, args.as_of))})
    elif args.action == "movements":
        product = ledger.products.get(args.sku)
        _print({"movements": [m.to_dict(product.sku)
                              for m in ledger.products.movements(args.sku)]})


def cmd_currency(args):
    ledger = _ledger(args)
    if args.action == "list":
        _print({"base": ledger.currencies.base,
                "currencies": [c.to_dict() for c in ledger.currencies.list()]})
    else:
        _print(ledger.currencies.add(args.code, args.exponent).to_dict())


def cmd_fx(args):
    ledger = _ledger(args)
    if args.action == "set":
        _print(ledger.currencies.set_rate(args.code, args.date, args.rate))
    elif args.action == "list":
        _print({"fx_rates": [r.to_dict() for r in ledger.currencies.rates(args.code)]})
    else:
        _print(ledger.currencies.lookup(args.code, args.date))


def cmd_tax(args):
    ledger = _ledger(args)
    if args.action == "list":
        _print({"tax_rates": [t.to_dict() for t in ledger.products.tax_rates()]})
    else:
        _print(ledger.products.set_tax_rate(args.code, args.name, args.rate).to_dict())


def cmd_invoice(args):
    ledger = _ledger(args)
    inv = ledger.invoices
    if args.action == "create":
        result = inv.create(args.customer, issue_date=args.date, due_date=args.due,
                            notes=args.notes or "")
    elif args.action == "add-line":
        result = inv.add_line(args.invoice, sku=args.sku, description=args.description,
                              quantity=args.quantity, unit_price=args.price,
                              discount=args.discount, tax_code=args.tax_code)
    elif args.action == "remove-line":
        result = inv.remove_line(args.invoice, args.position)
    elif args.action == "update":
        result = inv.update_draft(args.invoice, issue_date=args.date, due_date=args.due,
                                  notes=args.notes)
    elif args.action == "show":
        result = inv.get(args.invoice)
    elif args.action == "issue":
        result = inv.issue(args.invoice)
    elif args.action == "void":
        result = inv.void(args.invoice, args.reason)
    elif args.action == "delete":
        inv.delete_draft(args.invoice)
        _print({"deleted": True})
        return
    elif args.action == "list":
        _print({"invoices": [i.to_dict(with_lines=False) for i in inv.list(
            status=args.status, customer=args.customer, date_from=args.date_from,
            date_to=args.date_to)]})
        return
    _print(result.to_dict())


def cmd_payment(args):
    ledger = _ledger(args)
    if args.action == "record":
        _print(ledger.payments.record(args.customer, args.amount, received_on=args.date,
                                      method=args.method, reference=args.reference or "",
                                      auto_allocate=args.auto).to_dict())
    elif args.action == "allocate":
        _print(ledger.payments.allocate(args.payment, args.invoice, args.amount).to_dict())
    elif args.action == "show":
        _print(ledger.payments.get(args.payment).to_dict())
    elif args.action == "list":
        _print({"payments": [p.to_dict() for p in ledger.payments.list(
            customer=args.customer, date_from=args.date_from, date_to=args.date_to)]})


def cmd_balance(args):
    ledger = _ledger(args)
    customer = ledger.customers.get(args.customer)
    _print({"customer": customer.code, "currency": customer.currency,
            "balance": format_amount(ledger.customers.balance(args.customer),
                                     customer.exponent)})


def cmd_report(args):
    ledger = _ledger(args)
    params = {"from": args.date_from, "to": args.date_to, "as_of": args.as_of,
              "customer": args.customer, "min_level": args.min_level,
              "revalue": True if args.revalue else None}
    sys.stdout.write(ledger.reports.render(args.name, args.format, **params))


def cmd_import(args):
    ledger = _ledger(args)
    with open(args.file, encoding="utf-8") as handle:
        text = handle.read()
    func = importers.import_customers if args.kind == "customers" else importers.import_products
    _print(func(ledger, text, update=args.update))


def cmd_export(args):
    ledger = _ledger(args)
    if args.what == "payments":
        text = exporters.export_payments_csv(ledger, date_from=args.date_from,
                                             date_to=args.date_to)
    else:
        func = exporters.export_json if args.format == "json" else exporters.export_csv
        text = func(ledger, date_from=args.date_from, date_to=args.date_to,
                    include_void=args.include_void)
    if args.output:
        with open(args.output, "w", encoding="utf-8") as handle:
            handle.write(text)
        _print({"written": args.output})
    else:
        sys.stdout.write(text)


def cmd_audit(args):
    ledger = _ledger(args)
    ledger.require("audit.read")
    _print({"entries": [e.to_dict() for e in ledger.audit.entries(
        entity=args.entity, entity_id=args.id, actor=args.actor, limit=args.limit)]})


def cmd_check(args):
    from ledgerly.integrity import run_checks
    ledger = _ledger(args)
    problems = run_checks(ledger)
    _print({"ok": not problems, "problems": problems})
    return 0 if not problems else 3


def cmd_backup(args):
    from ledgerly.backup import backup
    ledger = _ledger(args)
    ledger.require("settings.write")
    _print(backup(ledger.db, args.destination))


def cmd_restore(args):
    from ledgerly.backup import restore
    _print(restore(args.source, args.db))


def cmd_serve(args):
    from ledgerly.api.server import create_server
    server = create_server(args.db, args.host, args.port, quiet=not args.verbose)
    host, port = server.server_address[:2]
    print(f"ledgerly API on http://{host}:{port}/", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


# -- parser ------------------------------------------------------------------------------------
def _bool(text):
    lowered = text.strip().lower()
    if lowered in ("1", "true", "yes", "y"):
        return True
    if lowered in ("0", "false", "no", "n"):
        return False
    raise argparse.ArgumentTypeError(f"expected true/false, got {text!r}")


def build_parser():
    parser = argparse.ArgumentParser(prog="ledgerly", description=__doc__.splitlines()[0])
    parser.add_argument("--db", default=os.environ.get("LEDGERLY_DB", "ledger.db"))
    parser.add_argument("--as", dest="as_user", default=None, metavar="USER")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("init", help="create a new ledger database")
    p.add_argument("--company")
    p.add_argument("--currency")
    p.set_defaults(func=cmd_init)

    p = sub.add_parser("migrate", help="upgrade the database schema")
    p.add_argument("--to", type=int)
    p.add_argument("--status", action="store_true")
    p.set_defaults(func=cmd_migrate)

    p = sub.add_parser("settings")
    s = p.add_subparsers(dest="action", required=True)
    s.add_parser("list")
    g = s.add_parser("get")
    g.add_argument("key")
    g = s.add_parser("set")
    g.add_argument("key")
    g.add_argument("value")
    p.set_defaults(func=cmd_settings)

    p = sub.add_parser("user")
    s = p.add_subparsers(dest="action", required=True)
    g = s.add_parser("add")
    g.add_argument("username")
    g.add_argument("role")
    g.add_argument("--token")
    s.add_parser("list")
    g = s.add_parser("role")
    g.add_argument("username")
    g.add_argument("role")
    for name in ("deactivate", "rotate-token"):
        s.add_parser(name).add_argument("username")
    p.set_defaults(func=cmd_user)

    p = sub.add_parser("customer")
    s = p.add_subparsers(dest="action", required=True)
    g = s.add_parser("add")
    g.add_argument("code")
    g.add_argument("name")
    g.add_argument("--email")
    g.add_argument("--country")
    g.add_argument("--tax-exempt", action="store_true")
    g.add_argument("--credit-limit")
    g.add_argument("--currency")
    g = s.add_parser("list")
    g.add_argument("--all", action="store_true")
    g.add_argument("--search")
    s.add_parser("show").add_argument("code")
    g = s.add_parser("update")
    g.add_argument("code")
    g.add_argument("--name")
    g.add_argument("--email")
    g.add_argument("--country")
    g.add_argument("--tax-exempt", type=_bool)
    g.add_argument("--credit-limit")
    g.add_argument("--currency")
    s.add_parser("archive").add_argument("code")
    p.set_defaults(func=cmd_customer)

    p = sub.add_parser("product")
    s = p.add_subparsers(dest="action", required=True)
    g = s.add_parser("add")
    g.add_argument("sku")
    g.add_argument("name")
    g.add_argument("price")
    g.add_argument("--tax-code", default="STD")
    g.add_argument("--track-stock", action="store_true")
    s.add_parser("list").add_argument("--all", action="store_true")
    s.add_parser("show").add_argument("sku")
    g = s.add_parser("update")
    g.add_argument("sku")
    g.add_argument("--name")
    g.add_argument("--price")
    g.add_argument("--tax-code")
    g.add_argument("--track-stock", type=_bool)
    s.add_parser("archive").add_argument("sku")
    p.set_defaults(func=cmd_product)

    p = sub.add_parser("stock")
    s = p.add_subparsers(dest="action", required=True)
    g = s.add_parser("move")
    g.add_argument("sku")
    g.add_argument("kind", choices=("receipt", "sale", "adjust", "return"))
    g.add_argument("quantity")
    g.add_argument("--reference")
    g.add_argument("--date")
    g = s.add_parser("on-hand")
    g.add_argument("sku")
    g.add_argument("--as-of")
    s.add_parser("movements").add_argument("sku")
    p.set_defaults(func=cmd_stock)

    p = sub.add_parser("currency")
    s = p.add_subparsers(dest="action", required=True)
    s.add_parser("list")
    g = s.add_parser("add")
    g.add_argument("code")
    g.add_argument("exponent")
    p.set_defaults(func=cmd_currency)

    p = sub.add_parser("fx")
    s = p.add_subparsers(dest="action", required=True)
    g = s.add_parser("set")
    g.add_argument("code")
    g.add_argument("date")
    g.add_argument("rate")
    s.add_parser("list").add_argument("code", nargs="?")
    g = s.add_parser("rate")
    g.add_argument("code")
    g.add_argument("date")
    p.set_defaults(func=cmd_fx)

    p = sub.add_parser("tax")
    s = p.add_subparsers(dest="action", required=True)
    s.add_parser("list")
    g = s.add_parser("set")
    g.add_argument("code")
    g.add_argument("name")
    g.add_argument("rate")
    p.set_defaults(func=cmd_tax)

    p = sub.add_parser("invoice")
    s = p.add_subparsers(dest="action", required=True)
    g = s.add_parser("create")
    g.add_argument("customer")
    g.add_argument("--date")
    g.add_argument("--due")
    g.add_argument("--notes")
    g = s.add_parser("add-line")
    g.add_argument("invoice")
    g.add_argument("--sku")
    g.add_argument("--description")
    g.add_argument("--quantity", default="1")
    g.add_argument("--price")
    g.add_argument("--discount", default="0")
    g.add_argument("--tax-code")
    g = s.add_parser("remove-line")
    g.add_argument("invoice")
    g.add_argument("position", type=int)
    g = s.add_parser("update")
    g.add_argument("invoice")
    g.add_argument("--date")
    g.add_argument("--due")
    g.add_argument("--notes")
    for name in ("show", "issue", "delete"):
        s.add_parser(name).add_argument("invoice")
    g = s.add_parser("void")
    g.add_argument("invoice")
    g.add_argument("--reason", required=True)
    g = s.add_parser("list")
    g.add_argument("--status")
    g.add_argument("--customer")
    g.add_argument("--from", dest="date_from")
    g.add_argument("--to", dest="date_to")
    p.set_defaults(func=cmd_invoice)

    p = sub.add_parser("payment")
    s = p.add_subparsers(dest="action", required=True)
    g = s.add_parser("record")
    g.add_argument("customer")
    g.add_argument("amount")
    g.add_argument("--date")
    g.add_argument("--method", default="bank")
    g.add_argument("--reference")
    g.add_argument("--auto", action="store_true", help="allocate to open invoices")
    g = s.add_parser("allocate")
    g.add_argument("payment", type=int)
    g.add_argument("invoice")
    g.add_argument("--amount")
    s.add_parser("show").add_argument("payment", type=int)
    g = s.add_parser("list")
    g.add_argument("--customer")
    g.add_argument("--from", dest="date_from")
    g.add_argument("--to", dest="date_to")
    p.set_defaults(func=cmd_payment)

    p = sub.add_parser("balance")
    p.add_argument("customer")
    p.set_defaults(func=cmd_balance)

    p = sub.add_parser("report")
    p.add_argument("name")
    p.add_argument("--from", dest="date_from")
    p.add_argument("--to", dest="date_to")
    p.add_argument("--as-of")
    p.add_argument("--customer")
    p.add_argument("--min-level")
    p.add_argument("--revalue", action="store_true")
    p.add_argument("--format", choices=FORMATS, default="text")
    p.set_defaults(func=cmd_report)

    p = sub.add_parser("import")
    p.add_argument("kind", choices=("customers", "products"))
    p.add_argument("file")
    p.add_argument("--update", action="store_true")
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("export", help="export invoices (json/csv) or payments (csv)")
    p.add_argument("what", nargs="?", choices=("invoices", "payments"), default="invoices")
    p.add_argument("--format", choices=("json", "csv"), default="json")
    p.add_argument("--from", dest="date_from")
    p.add_argument("--to", dest="date_to")
    p.add_argument("--include-void", action="store_true")
    p.add_argument("--output")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("audit")
    p.add_argument("--entity")
    p.add_argument("--id")
    p.add_argument("--actor")
    p.add_argument("--limit", type=int, default=50)
    p.set_defaults(func=cmd_audit)

    p = sub.add_parser("check", help="verify the ledger's stored data (exit 3 on problems)")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("backup")
    p.add_argument("destination")
    p.set_defaults(func=cmd_backup)

    p = sub.add_parser("restore")
    p.add_argument("source")
    p.set_defaults(func=cmd_restore)

    p = sub.add_parser("serve")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8080)
    p.add_argument("--verbose", action="store_true")
    p.set_defaults(func=cmd_serve)
    return parser


def main(argv=None):
    args = build_parser().parse_args(argv)
    try:
        code = args.func(args)
    except LedgerError as err:
        sys.stderr.write(f"error[{err.code}]: {err.message}\n")
        details = err.details.get("errors") if err.details else None
        for item in details or []:
            sys.stderr.write(f"  line {item['line']}: {item['error']}\n")
        return 1
    return code or 0
