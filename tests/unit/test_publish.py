"""Issue 15's publishing: the document's per-model release dates, the self-contained
leaderboard.html, the figures, and `horizon export`."""

import datetime as dt
import json
import re
from html import escape
from pathlib import Path

import numpy as np
import pytest
import yaml
from click.testing import CliRunner

from harness.cli._main import horizon
from harness.horizon import HorizonParams, fit_horizons
from harness.report import (
    FIGURE_NAMES,
    FIGURES_DIR,
    LEADERBOARD_HTML,
    Leaderboard,
    SuiteSummary,
    parse_leaderboard,
    ranked,
    render_html,
    summarize_runs,
    to_document,
)
from harness.runs import RUNS_PARQUET, read_release_dates, read_runs

DATA = Path(__file__).resolve().parents[1] / "data" / "runs"
SMALL = DATA / "small.jsonl"


@pytest.fixture(scope="module")
def document() -> Leaderboard:
    runs = read_runs([SMALL])
    dates = read_release_dates(DATA / "release_dates.csv")
    result = fit_horizons(runs, HorizonParams(n_bootstrap=100), np.random.default_rng(0))
    return to_document(result, seed=0, inputs=[str(SMALL)], release_dates=dates)


def test_release_dates_are_recorded_per_model(document: Leaderboard) -> None:
    dates = read_release_dates(DATA / "release_dates.csv")
    for model in document.models:
        assert model.release_date == dates[model.alias].isoformat()
    assert parse_leaderboard(document.to_json(), "test") == document


HOSTILE = '<script>alert("x")</script>\nA|b'
"""An alias that would inject script, break a line, or split a Markdown cell if not escaped."""


def hostile_runs(tmp_path: Path) -> Path:
    """small.jsonl with model-a renamed to :data:`HOSTILE`."""
    lines = SMALL.read_text().splitlines()
    path = tmp_path / "hostile.jsonl"
    path.write_text("\n".join(line.replace('"model-a"', json.dumps(HOSTILE)) for line in lines))
    return path


@pytest.fixture(scope="module")
def board(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A report folder written by `horizon report --out` from runs with a hostile alias."""
    tmp = tmp_path_factory.mktemp("board")
    dates = tmp / "dates.yaml"
    dates.write_text(yaml.safe_dump({"date": {HOSTILE: "2024-03-01", "model-b": "2023-01-15"}}))
    out = tmp / "report"
    args = ["report", str(hostile_runs(tmp)), "--bootstrap", "100", "--out", str(out)]
    done = CliRunner().invoke(horizon, [*args, "--release-dates", str(dates)])
    assert done.exit_code == 0, done.output
    return out


def test_report_writes_page_figures_and_runs(board: Path) -> None:
    for name in FIGURE_NAMES:
        for ext in ("png", "svg"):
            assert (board / FIGURES_DIR / f"{name}.{ext}").stat().st_size > 1000
    assert (board / LEADERBOARD_HTML).is_file()
    assert len(read_runs([board / RUNS_PARQUET])) == len(read_runs([SMALL]))


def test_user_strings_cannot_inject_or_break_the_page(board: Path) -> None:
    page = (board / LEADERBOARD_HTML).read_text()
    assert page.count("<script>") == 1  # the page's own
    assert escape('<script>alert("x")</script> A|b') in page
    markdown = (board / "leaderboard.md").read_text()
    [row] = [line for line in markdown.splitlines() if "alert" in line and "| 7 | 5 |" in line]
    assert row.startswith('| &lt;script>alert("x")&lt;/script> A\\|b |')  # one line


def test_page_references_nothing_outside_itself(board: Path) -> None:
    page = (board / LEADERBOARD_HTML).read_text()
    assert not re.search(r"\b(src|href|srcset|action|poster|data)\s*=", page, re.I)
    assert not re.search(r"url\(|@import|<link|<iframe|<img|<object|<embed", page, re.I)
    assert not re.search(r"\bfetch\(|XMLHttpRequest|WebSocket|import\(", page)
    # The only URL is the SVG namespace, a name that is never fetched.
    assert set(re.findall(r"[a-z]+://[^\"' )]+", page)) <= {"http://www.w3.org/2000/svg"}


def test_figures_draw_the_document(document: Leaderboard) -> None:
    """Every chart has a mark for each ranked model with the data it needs."""
    page = render_html(document, summary_of(document), dt.datetime(2026, 1, 1))
    charts = dict(re.findall(r'data-chart="(\w+)"(.*?)</svg>', page, re.S))
    assert set(charts) == {"dates", "curves", "families", "lengths"}
    assert charts["curves"].count("<polyline") == len(ranked(document)) - 1  # model-b: no curve
    assert charts["dates"].count("<circle") == 2  # one each; model-b's is a bound (hollow)
    assert 'fill="white"' in charts["dates"]
    assert charts["lengths"].count('class="mark"') == len(
        {t.bucket for t in summary_of(document).tasks}
    )


def summary_of(document: Leaderboard) -> SuiteSummary:
    return summarize_runs(read_runs([SMALL]), document)


def test_page_provenance_says_what_the_runs_do_not_record(document: Leaderboard) -> None:
    page = render_html(document, summary_of(document), dt.datetime(2026, 1, 1))
    provenance = page.split("Method and provenance")[1]
    assert "<td>Suite</td><td>not recorded</td>" in provenance
    assert "Task content hashes: not recorded" in provenance
    assert "<td>Seed</td><td>0</td>" in provenance
    assert "2026-01-01T00:00:00" in provenance


def test_provenance_of_inspect_runs_names_suite_hashes_and_isolation(
    document: Leaderboard,
) -> None:
    """Inspect logs carry the suite, its version, task hashes and how each task ran."""
    runs = read_runs([SMALL])
    runs = runs.assign(
        suite="core",
        suite_version="1.2",
        task_hash=runs["task_id"].map(lambda t: f"hash-{t}"),
        human_source="baseline",
        weakly_isolated=runs["task_id"] == "fam1/t1",
    )
    summary = summarize_runs(runs, document)
    assert summary.suites == ("core 1.2",)
    page = render_html(document, summary, dt.datetime(2026, 1, 1))
    assert "<td>Suite</td><td>core 1.2</td>" in page
    assert "<td>fam1/t1</td><td>hash-fam1/t1</td>" in page
    assert "1 task(s) run with a weakly isolated verifier" in page
    assert f"Human times: {len(summary.tasks)} baseline task(s)" in page
    assert "the median p50 CI spans a factor of" in page
