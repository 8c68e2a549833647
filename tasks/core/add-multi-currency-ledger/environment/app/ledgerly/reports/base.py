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


@dataclass
class Report:
    name: str
    title: str
    params: dict
    columns: list
    rows: list = field(default_factory=list)
    totals: dict = field(default_factory=dict)
    notes: list = field(default_factory=list)

    def kind_of(self, key):
        for column in self.columns:
            if column.key == key:
                return column.kind
        return "text"


def format_value(value, kind):
    if value is None:
        return None
    if kind == "amount":
        return format_amount(value)
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
        "rows": [{c.key: format_value(row.get(c.key), c.kind) for c in report.columns}
                 for row in report.rows],
        "totals": {k: format_value(v, report.kind_of(k)) for k, v in report.totals.items()},
        "notes": list(report.notes),
    }


def render_json(report):
    return json.dumps(to_json_dict(report), indent=2) + "\n"


def render_csv(report):
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([c.label for c in report.columns])
    for row in report.rows:
        writer.writerow(["" if row.get(c.key) is None else format_value(row.get(c.key), c.kind)
                         for c in report.columns])
    if report.totals:
        first = report.columns[0].key
        writer.writerow([
            "TOTAL" if c.key == first else
            ("" if c.key not in report.totals
             else format_value(report.totals[c.key], c.kind))
            for c in report.columns])
    return out.getvalue()


def render_text(report):
    header = [c.label for c in report.columns]
    body = [["" if row.get(c.key) is None else str(format_value(row.get(c.key), c.kind))
             for c in report.columns] for row in report.rows]
    if report.totals:
        body.append(["TOTAL" if i == 0 else
                     ("" if c.key not in report.totals
                      else str(format_value(report.totals[c.key], c.kind)))
                     for i, c in enumerate(report.columns)])
    widths = [max([len(h)] + [len(r[i]) for r in body]) for i, h in enumerate(header)]
    numeric = [c.kind in ("amount", "quantity", "percent", "int") for c in report.columns]

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
