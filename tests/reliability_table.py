"""Write docs/reliability.md's table from the ``FAULT:`` rows in the tests' docstrings.

Each test that injects a fault says, in its docstring, ``FAULT: <fault or act> | <outcome> |
<cause recorded>``; the table adds the test that checks it. CI runs every one of those tests,
and ``tests/unit/test_docs.py`` fails when the table is stale. Run from the repository root::

    .venv/bin/python tests/reliability_table.py
"""

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "reliability.md"
BEGIN, END = "<!-- fault-table:begin -->\n", "<!-- fault-table:end -->"


def fault_rows() -> list[tuple[str, str, str, str]]:
    """``(fault, outcome, cause, test)`` for every ``FAULT:`` docstring under tests/."""
    rows = []
    for path in sorted((ROOT / "tests" / "integration").glob("test_*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.FunctionDef) or not node.name.startswith("test_"):
                continue
            doc = ast.get_docstring(node) or ""
            if "FAULT:" not in doc:
                continue
            text = " ".join(doc.split("FAULT:", 1)[1].split())
            fault, outcome, cause = (part.strip() for part in text.split("|", 2))
            rows.append((fault, outcome, cause, f"`{path.name}::{node.name}`"))
    return rows


def render_table() -> str:
    lines = ["| fault or act | outcome | cause recorded | test |", "| --- | --- | --- | --- |"]
    lines += [f"| {' | '.join(row)} |" for row in fault_rows()]
    return "\n".join(lines) + "\n"


def updated(text: str) -> str:
    """``text`` with the table between the markers replaced by the current one."""
    start, end = text.index(BEGIN) + len(BEGIN), text.index(END)
    return text[:start] + render_table() + text[end:]


if __name__ == "__main__":
    DOC.write_text(updated(DOC.read_text()))
    sys.stdout.write(f"wrote {DOC}\n")
