"""Plain-text rendering."""


def format_cell(v):
    """The string form of a cell: '' for None, floats with two decimals, else str()."""
    if v is None:
        return ""
    if isinstance(v, float):
        return f"{v:.2f}"
    return str(v)


def render_text(table):
    """Aligned columns separated by two spaces, a dashed rule under the header, numeric
    columns right-aligned, a final '(N rows)' line."""
    cols = table.columns
    cells = [[format_cell(v) for v in row] for row in table.rows]
    widths = [len(c) for c in cols]
    for row in cells:
        for i, s in enumerate(row):
            widths[i] = max(widths[i], len(s))
    numeric = [table.is_numeric(c) for c in cols]

    def line(values):
        parts = []
        for i, s in enumerate(values):
            parts.append(s.rjust(widths[i]) if numeric[i] else s.ljust(widths[i]))
        return "  ".join(parts).rstrip()

    out = [line(cols), "  ".join("-" * w for w in widths)]
    out += [line(r) for r in cells]
    n = len(table.rows)
    out.append(f"({n} row{'s' if n != 1 else ''})")
    return "\n".join(out) + "\n"
