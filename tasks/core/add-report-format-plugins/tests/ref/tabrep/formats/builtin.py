"""The built-in formats."""
import html
import json
import math

from ..render import format_cell, render_text
from . import Format


def boolean(s):
    if s == "true":
        return True
    if s == "false":
        return False
    raise ValueError("expected true or false")


def one_char(s):
    if len(s) != 1:
        raise ValueError("delimiter must be exactly one character")
    return s


def non_negative(s):
    n = int(s)
    if n < 0:
        raise ValueError("must be >= 0")
    return n


def _lines(lines):
    return "".join(line + "\n" for line in lines)


class Text(Format):
    name = "text"
    extension = ".txt"
    description = "aligned plain-text table"

    def render(self, table):
        return render_text(table)


class Csv(Format):
    name = "csv"
    extension = ".csv"
    description = "comma-separated values"
    options = {"delimiter": (one_char, ","), "header": (boolean, True)}

    def _field(self, s):
        d = self.opts["delimiter"]
        if d in s or '"' in s or "\n" in s or "\r" in s or s.startswith(" ") or s.endswith(" "):
            return '"' + s.replace('"', '""') + '"'
        return s

    def render(self, table):
        if not table.columns:
            return ""
        d = self.opts["delimiter"]
        lines = []
        if self.opts["header"]:
            lines.append(d.join(self._field(c) for c in table.columns))
        for row in table.rows:
            lines.append(d.join(self._field(format_cell(v)) for v in row))
        return _lines(lines)


class Tsv(Format):
    name = "tsv"
    extension = ".tsv"
    description = "tab-separated values"
    options = {"header": (boolean, True)}

    @staticmethod
    def _field(s):
        return s.replace("\r\n", " ").replace("\n", " ").replace("\r", " ").replace("\t", " ")

    def render(self, table):
        if not table.columns:
            return ""
        lines = []
        if self.opts["header"]:
            lines.append("\t".join(self._field(c) for c in table.columns))
        for row in table.rows:
            lines.append("\t".join(self._field(format_cell(v)) for v in row))
        return _lines(lines)


def _json_value(v):
    if isinstance(v, float) and not math.isfinite(v):
        return None
    return v


def _objects(table):
    return [{c: _json_value(v) for c, v in zip(table.columns, row)} for row in table.rows]


class Json(Format):
    name = "json"
    extension = ".json"
    description = "JSON array of row objects"
    options = {"indent": (non_negative, None)}

    def render(self, table):
        return json.dumps(_objects(table), ensure_ascii=False, indent=self.opts["indent"]) + "\n"


class Jsonl(Format):
    name = "jsonl"
    extension = ".jsonl"
    description = "one JSON object per line"

    def render(self, table):
        return _lines(json.dumps(o, ensure_ascii=False) for o in _objects(table))


class Markdown(Format):
    name = "markdown"
    extension = ".md"
    description = "GitHub markdown table"

    @staticmethod
    def _cell(s):
        s = s.replace("|", "\\|")
        return s.replace("\r\n", "<br>").replace("\n", "<br>").replace("\r", "<br>")

    @staticmethod
    def _line(cells):
        return "| " + " | ".join(cells) + " |"

    def render(self, table):
        if not table.columns:
            return ""
        lines = [self._line(self._cell(c) for c in table.columns),
                 self._line("---:" if table.is_numeric(c) else "---" for c in table.columns)]
        for row in table.rows:
            lines.append(self._line(self._cell(format_cell(v)) for v in row))
        return _lines(lines)


class Html(Format):
    name = "html"
    extension = ".html"
    description = "HTML table"
    options = {"class": (str, None)}

    def render(self, table):
        esc = lambda s: html.escape(s, quote=True)  # noqa: E731
        cls = self.opts["class"]
        lines = ["<table>" if cls is None else f'<table class="{esc(cls)}">', "<thead>",
                 "<tr>" + "".join(f"<th>{esc(c)}</th>" for c in table.columns) + "</tr>",
                 "</thead>", "<tbody>"]
        numeric = [table.is_numeric(c) for c in table.columns]
        for row in table.rows:
            cells = []
            for v, num in zip(row, numeric):
                open_tag = '<td class="num">' if num else "<td>"
                cells.append(f"{open_tag}{esc(format_cell(v))}</td>")
            lines.append("<tr>" + "".join(cells) + "</tr>")
        lines += ["</tbody>", "</table>"]
        return _lines(lines)


BUILTINS = [Text, Csv, Tsv, Json, Jsonl, Markdown, Html]
