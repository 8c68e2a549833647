"""METR's data (``../shared/metr``, never copied here) renders a board whose page shows the
numbers of its leaderboard.json.

Without the data folder this skips, saying so; in CI (``CI=true``) it fails instead.
"""

import os
import re
from html import unescape
from pathlib import Path

import pytest
from click.testing import CliRunner

from harness.cli._main import horizon
from harness.report import LEADERBOARD_HTML, format_ci, format_horizon, read_leaderboard

METR_DIR = Path(__file__).resolve().parents[2] / ".." / "shared" / "metr"


@pytest.fixture(scope="module")
def board(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not METR_DIR.is_dir():
        message = f"METR reference data not found at {METR_DIR.resolve()} (../shared/metr)"
        if os.environ.get("CI") == "true":
            pytest.fail(message + "; CI must run the reference tests.")
        pytest.skip(message + "; check out the shared data next to the repo to run these.")
    out = tmp_path_factory.mktemp("metr") / "board"
    args = ["report", str(METR_DIR / "th11_subset_runs.jsonl"), "--bootstrap", "100"]
    args += ["--release-dates", str(METR_DIR / "release_dates_52d6b56.yaml"), "--out", str(out)]
    done = CliRunner().invoke(horizon, args)
    assert done.exit_code == 0, done.output
    return out


def table_rows(page: str) -> list[list[str]]:
    """The leaderboard table's cells, as text."""
    table = page.split('<table id="leaderboard"', 1)[1].split("</table>", 1)[0]
    body = table.split("<tbody>", 1)[1]
    return [
        [unescape(re.sub(r"<[^>]+>", "", cell)) for cell in re.findall(r"<td[^>]*>(.*?)</td>", row)]
        for row in re.findall(r"<tr>(.*?)</tr>", body)
    ]


def test_metr_page_shows_the_numbers_of_its_json(board: Path) -> None:
    document = read_leaderboard(board)
    rows = {row[1]: row for row in table_rows((board / LEADERBOARD_HTML).read_text())}
    assert len(rows) == len(document.models) == 4
    for m in document.models:
        rank, alias, p50, p80, runs, tasks, infra, _flags, date = rows[m.alias]
        assert p50 == f"{format_horizon(m.horizon(50), m)} {format_ci(m.horizon(50), m)}"
        assert p80 == f"{format_horizon(m.horizon(80), m)} {format_ci(m.horizon(80), m)}"
        assert (runs, tasks, infra) == (str(m.n_runs), str(m.n_tasks), str(m.n_infra_errors))
        assert date == (m.release_date or "")
    # Ranked by p50, longest first, as leaderboard.md.
    order = sorted(rows.values(), key=lambda r: int(r[0]))
    p50s = [document.model(r[1]).horizon(50).minutes or 0.0 for r in order]
    assert p50s == sorted(p50s, reverse=True)
    assert rows["GPT-4 0314"][8] == "2023-03-14"
