"""CSV input."""
import csv

from .table import Table


def parse_cell(text):
    """'' -> None, integers -> int, decimals -> float, anything else -> str (unchanged)."""
    if text == "":
        return None
    s = text.strip()
    try:
        return int(s)
    except ValueError:
        pass
    try:
        f = float(s)
    except ValueError:
        return text
    if s.lower() in ("nan", "inf", "-inf", "+inf", "infinity", "-infinity"):
        return text
    return f


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as fh:
        reader = csv.reader(fh)
        try:
            header = next(reader)
        except StopIteration:
            return Table([], [])
        rows = []
        for lineno, rec in enumerate(reader, start=2):
            if not rec:
                continue
            if len(rec) != len(header):
                raise ValueError(f"{path}:{lineno}: expected {len(header)} fields, got {len(rec)}")
            rows.append([parse_cell(c) for c in rec])
    return Table(header, rows)
