"""The report data model and its renderers.

Column kinds decide formatting: ``amount`` (minor units -> "1234.56"), ``quantity`` (thousandths
-> "1.5"), ``percent`` (basis points -> "20"), ``int``, ``date`` and ``text``.
"""

import csv
import io
import json
from dataclasses import dataclass, field

from ledgerly.errors import ValidationError
from ledgerly.money import format_amount, format_percent, format_quantity

FORMATS = ("text", "csv", "json")


@dataclass
class Column:
    key: str
    label: str
    kind: str = "text"
    exponent_key: str | None = None
    """For kind ``money``: the row key holding the amount's currency exponent."""


@dataclass
class Report:
    name: str
    title: str
    params: dict
    columns: list
    rows: list = field(default_factory=list)
    totals: dict = field(default_factory=dict)
    notes: list = field(default_factory=list)
    exponent: int = 2
    """Decimals of ``amount`` columns: the base currency's, or a statement's currency's."""

    def kind_of(self, key):
        for column in self.columns:
            if column.key == key:
                return column.kind
        return "text"

    def cell(self, row, column):
        value = row.get(column.key)
        if column.kind == "money":
            return format_value(value, "amount", row.get(column.exponent_key, 2))
        return format_value(value, column.kind, self.exponent)

    def total(self, key):
        return format_value(self.totals[key], self.kind_of(key), self.exponent)


def format_value(value, kind, exponent=2):
    if value is None:
        return None
    if kind == "amount":
        return format_amount(value, exponent)
    if kind == "quantity":
        return format_quantity(value)
    if kind == "percent":
        return format_percent(value)
    if kind == "int":
        return int(value)
    return str(value)


def to_json_dict(report):
    return {
        "report": report.name,
        "title": report.title,
        "params": report.params,
        "columns": [c.key for c in report.columns],
        "rows": [{c.key: report.cell(row, c) for c in report.columns} for row in report.rows],
        "totals": {k: report.total(k) for k in report.totals},
        "notes": list(report.notes),
    }


def render_json(report):
    return json.dumps(to_json_dict(report), indent=2) + "\n"


def render_csv(report):
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([c.label for c in report.columns])
    for row in report.rows:
        writer.writerow(["" if row.get(c.key) is None else report.cell(row, c)
                         for c in report.columns])
    if report.totals:
        first = report.columns[0].key
        writer.writerow([
            "TOTAL" if c.key == first else
            ("" if c.key not in report.totals else report.total(c.key))
            for c in report.columns])
    return out.getvalue()


def render_text(report):
    header = [c.label for c in report.columns]
    body = [["" if row.get(c.key) is None else str(report.cell(row, c))
             for c in report.columns] for row in report.rows]
    if report.totals:
        body.append(["TOTAL" if i == 0 else
                     ("" if c.key not in report.totals else str(report.total(c.key)))
                     for i, c in enumerate(report.columns)])
    widths = [max([len(h)] + [len(r[i]) for r in body]) for i, h in enumerate(header)]
    numeric = [c.kind in ("amount", "money", "quantity", "percent", "int")
               for c in report.columns]

    def fmt(cells):
        return "  ".join(cell.rjust(w) if num else cell.ljust(w)
                         for cell, w, num in zip(cells, widths, numeric)).rstrip()

    params = ", ".join(f"{k}={v}" for k, v in report.params.items() if v is not None)
    lines = [report.title + (f" ({params})" if params else ""), fmt(header),
             "  ".join("-" * w for w in widths)]
    lines += [fmt(r) for r in body[:len(report.rows)]]
    if report.totals:
        lines.append("  ".join("=" * w for w in widths))
        lines.append(fmt(body[-1]))
    lines += report.notes
    return "\n".join(lines) + "\n"


def render(report, fmt):
    if fmt == "json":
        return render_json(report)
    if fmt == "csv":
        return render_csv(report)
    if fmt == "text":
        return render_text(report)
    raise ValidationError(f"unknown format {fmt!r} (one of {', '.join(FORMATS)})",
                          code="invalid_format")
