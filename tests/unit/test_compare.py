"""`horizon compare`: the rule on hand-made documents (every bound branch), then on leaderboards
the reporter really wrote from METR's runs, and the command's import weight."""

import json
import math
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from harness.cli import _main
from harness.compare import Interval, compare_leaderboards, p50_interval
from harness.errors import InputError
from harness.report import (
    SCHEMA_VERSION,
    HorizonEntry,
    Leaderboard,
    Method,
    ModelEntry,
    read_leaderboard,
)

METR_RUNS = Path(__file__).resolve().parents[3] / "shared" / "metr" / "all_runs.jsonl"
STRONG, WEAK = "Claude 3.5 Sonnet (New)", "GPT-4 0314"

SHORTEST, LONGEST = 1.0, 480.0
"""Task range of every hand-made model."""


def model(
    p50: float | None,
    ci: tuple[float | None, float | None],
    bound: str | None = None,
    bound_minutes: float | None = None,
) -> ModelEntry:
    return ModelEntry(
        alias="agent",
        n_runs=100,
        n_tasks=50,
        n_infra_errors=0,
        n_unscored=0,
        average_score=0.5,
        coef=-0.5,
        intercept=1.0,
        horizons=(
            HorizonEntry(percent=50, minutes=p50, ci=ci, bound=bound, bound_minutes=bound_minutes),  # type: ignore[arg-type]
        ),
        flags=(bound,) if bound else (),
        shortest_task_minutes=SHORTEST,
        longest_task_minutes=LONGEST,
        n_tasks_near_p50=10,
        success_by_bucket=(),
    )


def board(*models: ModelEntry) -> Leaderboard:
    return Leaderboard(
        schema_version=SCHEMA_VERSION,
        harness_version="test",
        method=Method(
            regularization=1e-5,
            weighting="invsqrt",
            bootstrap=1000,
            seed=0,
            confidence=0.95,
            percents=(50,),
            partial_scores=False,
            excluded_aliases=(),
        ),
        inputs=(),
        models=models,
        trend=None,
        warnings=(),
    )


NORMAL_60 = model(60.0, (40.0, 90.0))
ABOVE = model(None, (400.0, None), "above_suite_range")
BELOW = model(0.5, (0.2, 2.0), "below_suite_range")
ALL_FAILED = model(0.0, (0.0, 0.0), "below_suite_range")


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        (NORMAL_60, Interval(60.0, 40.0, 90.0)),
        (ABOVE, Interval(LONGEST, LONGEST, math.inf)),
        (BELOW, Interval(0.0, 0.0, SHORTEST)),
        (ALL_FAILED, Interval(0.0, 0.0, SHORTEST)),
        (model(60.0, (None, None)), Interval(60.0, 60.0, 60.0)),  # no bootstrap: the point
        (model(60.0, (40.0, None)), Interval(60.0, 40.0, math.inf)),  # unbounded CI end
        # A bound stated from the CI (issue 13) is the bound compared.
        (model(None, (300.0, None), "above_suite_range", 300.0), Interval(300, 300, math.inf)),
        (model(None, (0.1, 0.8), "below_suite_range", 0.8), Interval(0.0, 0.0, 0.8)),
    ],
)
def test_p50_interval(entry: ModelEntry, expected: Interval) -> None:
    assert p50_interval(entry) == expected


def regressed(baseline: ModelEntry, candidate: ModelEntry, max_drop: float = 0.0) -> bool:
    [result] = compare_leaderboards(board(baseline), board(candidate), max_drop=max_drop)
    return result.regressed


@pytest.mark.parametrize(
    ("baseline", "candidate", "expected"),
    [
        # Both estimates are numbers: the candidate's whole CI must lie below 60.
        (NORMAL_60, model(30.0, (20.0, 59.9)), True),
        (NORMAL_60, model(30.0, (20.0, 60.0)), False),
        # Baseline above the suite (>= 480 min): only a candidate whose CI tops out below the
        # longest task regressed; one that is also above the suite cannot have.
        (ABOVE, model(200.0, (150.0, 300.0)), True),
        (ABOVE, model(300.0, (200.0, 480.0)), False),
        (ABOVE, ABOVE, False),
        # Candidate above the suite: unbounded above, never a regression.
        (NORMAL_60, ABOVE, False),
        # Baseline below the suite (<= 1 min): nothing to lose.
        (BELOW, model(0.5, (0.1, 0.9)), False),
        (BELOW, ALL_FAILED, False),
        # Candidate below the suite: at most the shortest task (1 min), under the baseline's 60.
        (NORMAL_60, BELOW, True),
        (NORMAL_60, ALL_FAILED, True),
        # ...but not under a baseline that is itself within a minute.
        (model(0.9, (0.5, 1.5)), BELOW, False),
    ],
)
def test_regression_rule_on_every_bound_branch(
    baseline: ModelEntry, candidate: ModelEntry, expected: bool
) -> None:
    assert regressed(baseline, candidate) is expected


def test_max_drop_lowers_the_bar() -> None:
    candidate = model(30.0, (20.0, 45.0))  # 45 / 60: a 25% drop at the top of its CI
    assert regressed(NORMAL_60, candidate, max_drop=0.24)
    assert not regressed(NORMAL_60, candidate, max_drop=0.26)
    # Against a lower bound, the drop applies to the longest task: 480 * 0.5 = 240.
    assert regressed(ABOVE, model(200.0, (150.0, 239.0)), max_drop=0.5)
    assert not regressed(ABOVE, model(200.0, (150.0, 241.0)), max_drop=0.5)


def test_aliases_are_paired_by_name_or_one_to_one() -> None:
    base = board(
        NORMAL_60.model_copy(update={"alias": "a"}), ALL_FAILED.model_copy(update={"alias": "b"})
    )
    cand = board(
        ALL_FAILED.model_copy(update={"alias": "a"}), NORMAL_60.model_copy(update={"alias": "c"})
    )
    [only] = compare_leaderboards(base, cand)
    assert (only.baseline_alias, only.candidate_alias, only.regressed) == ("a", "a", True)
    [single] = compare_leaderboards(
        board(NORMAL_60), board(ALL_FAILED.model_copy(update={"alias": "x"}))
    )
    assert (single.baseline_alias, single.candidate_alias) == ("agent", "x")
    with pytest.raises(InputError, match="no alias in both leaderboards"):
        compare_leaderboards(base, board(ALL_FAILED.model_copy(update={"alias": "z"}), NORMAL_60))


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not METR_RUNS.exists():
        pytest.skip(f"{METR_RUNS} not found (METR's data lives in ../shared/metr)")
    root = tmp_path_factory.mktemp("reports")
    runner = CliRunner()
    aliases = {json.loads(line)["alias"] for line in METR_RUNS.read_text().splitlines()}
    for alias in (STRONG, WEAK):
        excludes = [
            arg for other in sorted(aliases - {alias}) for arg in ("--exclude-alias", other)
        ]
        result = runner.invoke(
            _main.horizon,
            ["report", str(METR_RUNS), *excludes, "--bootstrap", "200", "--out", str(root / alias)],
        )
        assert result.exit_code == 0, result.output
    return root


def compare(reports: Path, baseline: str, candidate: str, *extra: str) -> tuple[int, dict]:  # type: ignore[type-arg]
    done = CliRunner().invoke(
        _main.horizon,
        ["compare", str(reports / baseline), str(reports / candidate), "--json", *extra],
    )
    return done.exit_code, json.loads(done.stdout)


def test_same_report_does_not_regress(reports: Path) -> None:
    code, doc = compare(reports, STRONG, STRONG)
    assert code == 0
    assert [c["regressed"] for c in doc["comparisons"]] == [False]


def test_weaker_candidate_regresses_and_stronger_does_not(reports: Path) -> None:
    code, doc = compare(reports, STRONG, WEAK)
    assert code == 1, doc
    assert doc["schema_version"] == 1
    [c] = doc["comparisons"]
    assert (c["baseline_alias"], c["candidate_alias"], c["regressed"]) == (STRONG, WEAK, True)
    assert c["candidate_p50"][2] < c["baseline_p50"][0]  # the whole CI below the estimate
    code, doc = compare(reports, WEAK, STRONG)
    assert code == 0, doc
    assert doc["comparisons"][0]["regressed"] is False


def test_max_drop_flips_the_verdict_at_the_measured_drop(reports: Path) -> None:
    strong = read_leaderboard(reports / STRONG).models[0].horizon(50)
    weak = read_leaderboard(reports / WEAK).models[0].horizon(50)
    assert strong.minutes is not None
    drop = 1 - weak.ci_high / strong.minutes  # the drop at which the weak CI's top touches
    assert 0 < drop < 1
    assert compare(reports, STRONG, WEAK, "--max-drop", f"{drop - 0.01:.4f}")[0] == 1
    assert compare(reports, STRONG, WEAK, "--max-drop", f"{drop + 0.01:.4f}")[0] == 0


def test_unreadable_leaderboard_is_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "leaderboard.json"
    bad.write_text("{not json")
    result = CliRunner().invoke(_main.horizon, ["compare", str(bad), str(bad)])
    assert result.exit_code == 2
    assert "leaderboard.json: cannot read" in result.output


def test_compare_imports_neither_numpy_pandas_nor_inspect() -> None:
    """`horizon compare` reads two JSON documents: pydantic and json are all it needs."""
    code = (
        "import sys, harness.compare, harness.cli.compare; "
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'numpy', 'pandas', 'inspect_ai'}))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"
