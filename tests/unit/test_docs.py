"""Generated documentation stays in step with what generates it."""

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_reliability_fault_table_is_fresh() -> None:
    spec = importlib.util.spec_from_file_location(
        "reliability_table", ROOT / "tests" / "reliability_table.py"
    )
    assert spec is not None and spec.loader is not None
    table = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(table)
    text = table.DOC.read_text()
    assert len(table.fault_rows()) >= 10
    assert table.updated(text) == text, "run: .venv/bin/python tests/reliability_table.py"
