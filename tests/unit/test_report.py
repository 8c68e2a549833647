"""The leaderboard document, its renderings, and the `horizon report` command (CliRunner)."""

import json
import typing
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from harness.cli._main import horizon
from harness.errors import InputError
from harness.horizon import Bound, HorizonParams, HorizonResult, fit_horizons
from harness.report import (
    SCHEMA_VERSION,
    BoundCode,
    Leaderboard,
    parse_leaderboard,
    read_leaderboard,
    render_json,
    render_markdown,
    render_table,
    to_document,
)
from harness.report._table import format_ci, format_horizon, format_minutes, leaderboard_rows
from harness.runs import read_release_dates, read_runs

DATA = Path(__file__).resolve().parents[1] / "data" / "runs"
SMALL = str(DATA / "small.jsonl")

ISSUE_MODEL_KEYS = [
    "alias",
    "n_runs",
    "n_tasks",
    "n_infra_errors",
    "n_unscored",
    "average_score",
    "coef",
    "intercept",
    "p50_minutes",
    "p50_ci",
    "p80_minutes",
    "p80_ci",
    "bounds",
    "flags",
]
"""The keys issue #3 fixes for each model, in their order."""


@pytest.fixture
def result() -> HorizonResult:
    runs = read_runs([SMALL])
    dates = read_release_dates(DATA / "release_dates.csv")
    # The plain METR columns: the golden rows below (the corrected ones are tested apart).
    params = HorizonParams(n_bootstrap=100, label_noise=False)
    return fit_horizons(runs, params, np.random.default_rng(0), release_dates=dates)


@pytest.fixture
def document(result: HorizonResult) -> Leaderboard:
    return to_document(result, seed=0, inputs=[SMALL])


def test_json_document_has_the_issue_keys(document: Leaderboard) -> None:
    doc = json.loads(render_json(document))
    assert doc["schema_version"] == SCHEMA_VERSION == 1
    assert doc["method"] == {
        "regularization": 1e-5,
        "weighting": "invsqrt",
        "bootstrap": 100,
        "seed": 0,
        "confidence": 0.95,
        "percents": [50, 80],
        "partial_scores": False,
        "excluded_aliases": [],
        "merge_runs": False,
        "near_horizon_factor": 4.0,
    }
    a, b = doc["models"]
    assert list(a)[: len(ISSUE_MODEL_KEYS)] == ISSUE_MODEL_KEYS
    assert a["bounds"] == {"p50": None, "p80": None}
    assert b["bounds"] == {"p50": "below_suite_range", "p80": "below_suite_range"}
    # A bound is not a number: p50_minutes is null, bound_minutes says what holds (issue 13).
    assert b["p50_minutes"] is None and b["p50_ci"] == [0.0, 0.0]
    assert b["bound_minutes"] == {"p50": 1.0, "p80": 1.0}
    assert (a["n_draws_not_converged"], b["n_draws_not_converged"]) == (0, 0)
    assert b["n_draws_single_class"] == 100  # model-b failed everything: no draw is fitted


def test_json_round_trips_through_the_document(document: Leaderboard) -> None:
    text = render_json(document)
    again = parse_leaderboard(text, "test")
    assert again == document
    assert render_json(again) == text
    assert again.model("model-a").horizon(50).minutes == pytest.approx(15.0, rel=1e-3)


def test_non_finite_numbers_are_null_and_read_back_as_bounds(document: Leaderboard) -> None:
    doc = json.loads(render_json(document))
    entry = doc["models"][0]
    entry.update(p50_minutes=None, p50_ci=[12.0, None], bounds={"p50": "above_suite_range"})
    model = parse_leaderboard(json.dumps(doc), "test").model("model-a")
    h = model.horizon(50)
    assert (h.minutes, h.bound, h.ci_low, h.ci_high) == (None, "above_suite_range", 12.0, np.inf)
    entry.update(p50_ci=[None, None])
    h = parse_leaderboard(json.dumps(doc), "test").model("model-a").horizon(50)
    assert not h.has_ci and np.isnan(h.ci_low)


def test_bound_codes_match_the_horizon_stage() -> None:
    assert set(typing.get_args(BoundCode)) == {b.value for b in Bound}


def test_reading_a_leaderboard_of_another_schema_says_so(
    document: Leaderboard, tmp_path: Path
) -> None:
    doc = json.loads(render_json(document))
    (tmp_path / "leaderboard.json").write_text(json.dumps({**doc, "schema_version": 2}))
    with pytest.raises(InputError, match=r"leaderboard\.json: schema_version: .*got 2"):
        read_leaderboard(tmp_path)
    doc["models"][0]["n_runs"] = "many"
    (tmp_path / "leaderboard.json").write_text(json.dumps(doc))
    with pytest.raises(InputError, match=r"models\.0\.n_runs: Input should be a valid integer"):
        read_leaderboard(tmp_path / "leaderboard.json")


def test_markdown_table_rows_are_the_estimate(document: Leaderboard) -> None:
    lines = render_markdown(document).splitlines()
    header = lines.index(next(line for line in lines if line.startswith("| Model |")))
    assert lines[header : header + 4] == [
        "| Model | Runs | Tasks | Infra errors | Avg score | p50 (min) | p50 95% CI | p80 (min) | "
        "p80 95% CI | Tasks near p50 | Flags |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
        "| model-a | 7 | 5 | 0 | 0.500 | 15 | [4.61, 54] | 12.3 | [< 1, 27.2] | 3 | "
        "few_tasks_near_p50 |",
        "| model-b | 3 | 3 | 0 | 0.000 | < 1 | < 1 | < 1 | < 1 | 0 | "
        "below_suite_range, all_failed |",
    ]
    buckets = lines.index("| Model | [1,2) | [4,8) | [8,16) | [32,64) | [128,256) |")
    assert lines[buckets + 2 : buckets + 4] == [
        "| model-a | 1.00 (2) | 1.00 (1) | 0.50 (2) | 0.00 (1) | 0.00 (1) |",
        "| model-b | 0.00 (1) |  | 0.00 (1) |  | 0.00 (1) |",
    ]
    assert (
        "- `all_failed`: model-b: every scored run failed; its horizons are below its shortest task"
        in ("\n".join(lines))
    )


def test_ci_ends_beyond_the_tasks_print_as_bounds(document: Leaderboard) -> None:
    """An extrapolated end (7e-34 minutes) is not a number anyone should read."""
    model = next(m for m in document.models if m.alias == "model-a")
    shortest = format_minutes(model.shortest_task_minutes)
    longest = format_minutes(model.longest_task_minutes)
    p50 = model.horizon(50)
    assert format_ci(p50.model_copy(update={"ci": (7e-34, 5e6)}), model) == (
        f"[< {shortest}, > {longest}]"
    )
    assert format_ci(p50.model_copy(update={"ci": (7e-34, 1e-3)}), model) == f"< {shortest}"
    assert format_ci(p50.model_copy(update={"ci": (5.0, None)}), model) == f"[5, > {longest}]"


def test_terminal_table_rows_are_the_estimate(document: Leaderboard) -> None:
    lines = render_table(document).splitlines()
    assert lines[0].split() == [
        "Model", "Runs", "Tasks", "Infra", "errors", "Avg", "score", "p50", "(min)", "p50",
        "95%", "CI", "p80", "(min)", "p80", "95%", "CI", "Tasks", "near", "p50", "Flags",
    ]  # fmt: skip
    assert lines[2].split() == [
        "model-a", "7", "5", "0", "0.500", "15", "[4.61,", "54]", "12.3", "[<", "1,", "27.2]",
        "3", "few_tasks_near_p50",
    ]  # fmt: skip
    assert lines[3].split() == [
        "model-b", "3", "3", "0", "0.000", "<", "1", "<", "1", "<", "1", "<", "1", "0",
        "below_suite_range,", "all_failed",
    ]  # fmt: skip
    assert len(lines) == 4


def test_draws_that_did_not_converge_are_reported() -> None:
    runs = read_runs([SMALL])
    params = HorizonParams(n_bootstrap=50, max_iter=3, exclude_aliases=("model-b",))
    result = fit_horizons(runs, params, np.random.default_rng(0))
    document = to_document(result, seed=0, inputs=[SMALL])
    n = result.models[0].n_draws_not_converged
    assert n > 0
    assert document.model("model-a").n_draws_not_converged == n
    sentence = f"Bootstrap draws that did not converge, left out of the CIs (of 50): model-a {n}."
    assert sentence in render_markdown(document)
    assert sentence in render_table(document)
    assert "draws_not_converged" in {w.code for w in document.warnings}


def test_cli_writes_files_and_prints_table(tmp_path: Path) -> None:
    out = tmp_path / "report"
    done = CliRunner().invoke(horizon, ["report", SMALL, "--out", str(out), "--bootstrap", "50"])
    assert done.exit_code == 0, done.output
    assert (out / "leaderboard.md").read_text().startswith("# Time-horizon leaderboard")
    written = read_leaderboard(out)
    assert [m.alias for m in written.models] == ["model-a", "model-b"]
    assert written.method.bootstrap == 50
    assert [line.split()[0] for line in done.stdout.splitlines()[2:]] == ["model-a", "model-b"]
    assert "warning: model-b: every scored run failed" in done.stderr


@pytest.mark.parametrize(
    ("option", "expected"),
    [
        (["--regularization", "nan"], "regularization: must be a finite number > 0 (got nan)"),
        (["--regularization", "inf"], "regularization: must be a finite number > 0 (got inf)"),
        (["--bootstrap", "1"], "n_bootstrap: must be 0 (no CIs) or from 40 to 100,000 (got 1)"),
        (["--bootstrap", "39"], "a 95% CI has a tail with no draw in it"),
        (["--bootstrap", "19", "--confidence", "0.9"], "or from 20 to 100,000 (got 19)"),
        (["--bootstrap", "100001"], "(got 100001)"),
        (["--trend-since", "2024-01-01"], "needs --release-dates"),
        (
            [
                "--release-dates",
                str(DATA / "release_dates.csv"),
                "--trend-since",
                "2024-02-01",
                "--trend-until",
                "2024-01-01",
            ],
            "trend_since: 2024-02-01 is after trend_until 2024-01-01",
        ),
        (["--trend-since", "March"], "Invalid value for '--trend-since'"),
    ],
)
def test_cli_rejects_options_that_cannot_give_a_ci(option: list[str], expected: str) -> None:
    """Exit 2 with the field and the fix, never a traceback or a zero-width CI."""
    done = CliRunner().invoke(horizon, ["report", SMALL, *option])
    assert done.exit_code == 2, done.output
    assert expected in done.output and "Traceback" not in done.output


def test_cli_json_stdout_is_one_document() -> None:
    args = ["report", SMALL, "--json", "--bootstrap", "40", "--seed", "3", "--percents", "25"]
    args += ["--exclude-alias", "model-b", "--release-dates", str(DATA / "release_dates.yaml")]
    done = CliRunner().invoke(horizon, args)
    assert done.exit_code == 0, done.output
    doc = json.loads(done.stdout)
    assert doc["method"]["seed"] == 3 and doc["method"]["percents"] == [25, 50]
    assert [m["alias"] for m in doc["models"]] == ["model-a"]
    assert "p25_minutes" in doc["models"][0]
    assert doc["trend"] is None  # one model only: no trend, and a warning says why
    assert "trend_too_few_models" in {w["code"] for w in doc["warnings"]}
    assert "warning: trend: 1 SOTA model(s)" in done.stderr  # warnings on stderr, not stdout


def test_cli_same_seed_same_json() -> None:
    args = ["report", SMALL, "--json", "--bootstrap", "40", "--seed", "5"]
    first, second = CliRunner().invoke(horizon, args), CliRunner().invoke(horizon, args)
    assert first.stdout == second.stdout
    other = CliRunner().invoke(horizon, [*args[:-1], "6"])
    assert other.stdout != first.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([str(DATA / "bad_json.jsonl")], "bad_json.jsonl:2: not valid JSON"),
        ([str(DATA / "zero_minutes.jsonl")], "human_minutes: must be a number > 0"),
        ([str(DATA / "absent.jsonl")], "no such file or folder"),
        ([SMALL, "--weighting", "sqrt"], "Invalid value for '--weighting'"),
        ([SMALL, "--regularization", "0"], "Invalid value for '--regularization'"),
    ],
)
def test_cli_bad_input_exits_2(args: list[str], message: str) -> None:
    done = CliRunner().invoke(horizon, ["report", *args])
    assert done.exit_code == 2
    assert message in done.output


def test_cli_help_has_summary_example_and_defaults() -> None:
    done = CliRunner().invoke(horizon, ["report", "--help"], terminal_width=200)
    assert done.exit_code == 0
    assert "Example:" in done.output and "horizon report results/runs/" in done.output
    assert "default: 1e-05" in done.output and "default: invsqrt" in done.output
    assert "--merge-runs" in done.output
    assert "Exit codes" in done.output


def comparing_runs() -> str:
    """Two agents on the same 24 tasks (p50 about 30 and 8 min), a third alone, and one run."""
    rng = np.random.default_rng(3)
    minutes = np.exp2(rng.uniform(0, 9, 24))
    lines = []
    for alias, p50 in (("long", 30.0), ("short", 8.0)):
        p = 1 / (1 + np.exp(-0.8 * (np.log2(minutes) - np.log2(p50))))
        for t in range(24):
            for r in range(3):
                run = {
                    "run_id": f"{alias}{t}.{r}",
                    "task_id": f"t{t}",
                    "task_family": f"f{t // 3}",
                    "alias": alias,
                    "human_minutes": float(minutes[t]),
                    "score_binarized": int(rng.random() > p[t]),
                }
                lines.append(json.dumps(run))
    lines.append(
        json.dumps(
            {
                "run_id": "once",
                "task_id": "t0",
                "task_family": "f0",
                "alias": "single",
                "human_minutes": float(minutes[0]),
                "score_binarized": 1,
            }
        )
    )
    return "\n".join(lines) + "\n"


def test_markdown_has_paired_comparisons_and_leaves_a_single_run_unranked(tmp_path: Path) -> None:
    runs = tmp_path / "runs.jsonl"
    runs.write_text(comparing_runs())
    done = CliRunner().invoke(horizon, ["report", str(runs), "--out", str(tmp_path / "r")])
    assert done.exit_code == 0, done.output
    page = (tmp_path / "r" / "leaderboard.md").read_text()
    document = read_leaderboard(tmp_path / "r")
    [pair] = document.comparisons
    assert (pair.alias_a, pair.alias_b) == ("long", "short") and pair.p_a_longer > 0.95
    assert "## Paired comparisons" in page
    assert f"| long | short | {pair.p_a_longer:.3f} |" in page
    # The single run is in the document, flagged, but has no leaderboard row.
    assert "too_few_tasks" in document.model("single").flags
    table = page[page.index("| Model | Runs") :].split("\n\n")[0]
    assert "| long |" in table and "| single |" not in table
    assert "\nsingle " not in done.output
    assert (
        "Not ranked, too few task lengths to fit a horizon: single (1 run(s), 1 task(s))." in page
    )


def test_trend_section_lists_window_draws_and_start_table(tmp_path: Path) -> None:
    metr = Path(__file__).resolve().parents[3] / "shared" / "metr"
    if not (metr / "all_runs.jsonl").is_file():
        pytest.skip("needs ../shared/metr")
    args = [
        "report",
        str(metr / "all_runs.jsonl"),
        "--exclude-alias",
        "human",
        "--bootstrap",
        "200",
        "--release-dates",
        str(metr / "release_dates_19b0311.yaml"),
        "--trend-since",
        "2023-01-01",
        "--out",
        str(tmp_path),
    ]
    done = CliRunner().invoke(horizon, args)
    assert done.exit_code == 0, done.output
    trend = read_leaderboard(tmp_path).trend
    assert trend is not None and trend.window == ("2023-01-01", None)
    # gpt-3.5-turbo-instruct's p50 is only a bound: left out, not fitted as a point.
    assert "gpt-3.5-turbo-instruct" not in trend.aliases
    assert 140 < (trend.doubling_days or 0) < 200
    page = (tmp_path / "leaderboard.md").read_text()
    assert "| Start | SOTA models | Doubling (days) | CI (days) |" in page
    assert len(trend.by_start) >= 1 and f"| {trend.by_start[0].start} |" in page


def test_corrected_p50_is_shown_beside_the_plain_one() -> None:
    runs = read_runs([SMALL])
    result = fit_horizons(runs, HorizonParams(n_bootstrap=100), np.random.default_rng(0))
    document = to_document(result, seed=0, inputs=[SMALL])
    a = document.model("model-a")
    assert [h.percent for h in a.corrected] == [50, 80]
    assert document.model("model-b").corrected == ()  # failed everything: nothing to correct
    headers, rows = leaderboard_rows(document)
    assert headers[9:11] == ["p50 corrected (min)", "p50 corrected 95% CI"]
    row = next(r for r in rows if r[0] == "model-a")
    assert row[9] == format_horizon(a.corrected[0], a)
    assert json.loads(render_json(document))["models"][0]["corrected"][0]["percent"] == 50
