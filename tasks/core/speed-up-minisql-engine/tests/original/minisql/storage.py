"""CSV table storage. Header cells are `name:type` with type int, float or text; empty cells are NULL."""
import csv
import os

from .errors import SQLError

CONVERTERS = {"int": int, "float": float, "text": str}


class Table:
    def __init__(self, name, columns, types, rows):
        self.name = name
        self.columns = columns      # list of column names
        self.types = types          # list of type names
        self.rows = rows            # list of lists of values


def load_table(path):
    name = os.path.splitext(os.path.basename(path))[0].lower()
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        try:
            header = next(reader)
        except StopIteration:
            raise SQLError(f"table {name}: empty file")
        columns, types = [], []
        for cell in header:
            col, _, typ = cell.partition(":")
            typ = typ or "text"
            if typ not in CONVERTERS:
                raise SQLError(f"table {name}: unknown type {typ}")
            columns.append(col.strip().lower())
            types.append(typ)
        convs = [CONVERTERS[t] for t in types]
        rows = []
        for rec in reader:
            if not rec:
                continue
            if len(rec) != len(columns):
                raise SQLError(f"table {name}: bad row {rec!r}")
            rows.append([None if cell == "" else conv(cell) for conv, cell in zip(convs, rec)])
    return Table(name, columns, types, rows)


def load_dir(path):
    tables = {}
    for fn in sorted(os.listdir(path)):
        if fn.endswith(".csv"):
            t = load_table(os.path.join(path, fn))
            tables[t.name] = t
    return tables
