"""The in-memory table passed between pipeline stages."""


class Table:
    def __init__(self, columns, rows):
        self.columns = list(columns)
        self.rows = [list(r) for r in rows]

    def index(self, name):
        try:
            return self.columns.index(name)
        except ValueError:
            raise KeyError(f"no column {name!r}") from None

    def column(self, name):
        i = self.index(name)
        return [r[i] for r in self.rows]

    def is_numeric(self, name):
        """True when the column has at least one value and all its non-empty values are
        int or float."""
        vals = [v for v in self.column(name) if v is not None]
        return bool(vals) and all(isinstance(v, (int, float)) and not isinstance(v, bool)
                                  for v in vals)

    def __len__(self):
        return len(self.rows)

    def __repr__(self):
        return f"Table({self.columns!r}, {len(self.rows)} rows)"
