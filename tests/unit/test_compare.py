"""`horizon compare` (the CI gate) and `horizon power`: the verdict rule, METR's runs as known
regressions and non-changes, the exit-code contract, the outputs, and the false-alarm rate."""

import json
import math
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from harness.cli import _main
from harness.compare import Verdict, verdict
from harness.horizon import HorizonParams
from harness.power import PowerPoint, detectable_ratio, false_alarm_rate, gate_power
from harness.runs import read_runs

METR = Path(__file__).resolve().parents[3] / "shared" / "metr"
TH11 = METR / "th11_subset_runs.jsonl"
STRONG, WEAK = "GPT-5.4", "GPT-4 0314"


@pytest.mark.parametrize(
    ("ratio", "ci", "expected"),
    [
        (0.5, (0.3, 0.8), Verdict.REGRESSED),
        (0.95, (0.91, 0.99), Verdict.NO_CHANGE),  # significant but within the tolerance
        (0.5, (0.2, 1.1), Verdict.NO_CHANGE),  # large but not significant
        (2.0, (1.2, 3.0), Verdict.IMPROVED),
        (1.05, (1.01, 1.1), Verdict.NO_CHANGE),  # below 1 / (1 - 0.1)
        (math.inf, (5.0, math.inf), Verdict.IMPROVED),  # the candidate beyond the suite
    ],
)
def test_verdict_needs_significance_and_size(
    ratio: float, ci: tuple[float, float], expected: Verdict
) -> None:
    assert verdict(ratio, ci, tolerance=0.1) is expected


@pytest.fixture(scope="module")
def th11_lines() -> list[str]:
    if not TH11.exists():
        pytest.skip(f"{TH11} not found (METR's data lives in ../shared/metr)")
    return TH11.read_text().splitlines()


def halves(lines: list[str], alias: str, seed: int) -> tuple[list[str], list[str]]:
    """Two disjoint halves of ``alias``'s runs on every task, split at random."""
    rng = np.random.default_rng(seed)
    by_task: dict[str, list[str]] = {}
    for line in lines:
        run = json.loads(line)
        if run["alias"] == alias:
            by_task.setdefault(run["task_id"], []).append(line)
    first, second = [], []
    for runs in by_task.values():
        order = rng.permutation(len(runs))
        cut = len(runs) // 2
        first += [runs[i] for i in order[:cut]]
        second += [runs[i] for i in order[cut:]]
    return first, second


def run_compare(tmp_path: Path, base: list[str], cand: list[str], *extra: str) -> tuple[int, dict]:  # type: ignore[type-arg]
    (tmp_path / "base.jsonl").write_text("\n".join(base) + "\n")
    (tmp_path / "cand.jsonl").write_text("\n".join(cand) + "\n")
    out = tmp_path / "compare.json"
    args = ["compare", str(tmp_path / "base.jsonl"), str(tmp_path / "cand.jsonl")]
    done = CliRunner().invoke(_main.horizon, [*args, "--json", str(out), *extra])
    assert done.exit_code in (0, 1), done.output
    return done.exit_code, json.loads(out.read_text())


def test_two_halves_of_one_model_show_no_change(tmp_path: Path, th11_lines: list[str]) -> None:
    first, second = halves(th11_lines, STRONG, seed=0)
    code, doc = run_compare(tmp_path, first, second)
    [c] = doc["comparisons"]
    assert (code, c["alias"], c["verdict"]) == (0, STRONG, "no_change")
    assert c["ratio_ci"][0] < 1 < c["ratio_ci"][1]
    assert set(c) >= {"alias", "ratio", "ratio_ci", "verdict", "flipped_to_fail", "flipped_to_pass"}


def test_a_weaker_candidate_regressed_and_a_stronger_improved(
    tmp_path: Path, th11_lines: list[str]
) -> None:
    pair = ["--baseline-alias", STRONG, "--candidate-alias", WEAK]
    code, doc = run_compare(tmp_path, th11_lines, th11_lines, *pair)
    [c] = doc["comparisons"]
    assert (code, c["verdict"]) == (1, "regressed")
    assert c["ratio_ci"][1] < 1 and c["success_change"] < 0
    assert c["n_tasks"] == 213  # the tasks both ran
    assert len(c["flipped_to_fail"]) > 10 and c["flipped_to_pass"] == []
    reverse = ["--baseline-alias", WEAK, "--candidate-alias", STRONG]
    code, doc = run_compare(tmp_path, th11_lines, th11_lines, *reverse)
    [c] = doc["comparisons"]
    assert (code, c["verdict"]) == (0, "improved")
    assert c["ratio_ci"][0] > 1


def test_junit_and_markdown_say_which_alias_regressed(
    tmp_path: Path, th11_lines: list[str]
) -> None:
    junit = tmp_path / "compare.xml"
    weak = [line for line in th11_lines if json.loads(line)["alias"] == WEAK]
    strong = [line for line in th11_lines if json.loads(line)["alias"] == STRONG]
    (tmp_path / "b.jsonl").write_text("\n".join(strong) + "\n")
    (tmp_path / "c.jsonl").write_text("\n".join(weak) + "\n")
    args = ["compare", str(tmp_path / "b.jsonl"), str(tmp_path / "c.jsonl"), "--junit", str(junit)]
    done = CliRunner().invoke(_main.horizon, args)
    assert done.exit_code == 1
    assert f"**Regression** in {WEAK}" in done.output
    assert f"| {WEAK} | {STRONG} | 213 |" in done.output
    suite = ET.parse(junit).getroot()
    assert (suite.get("tests"), suite.get("failures")) == ("1", "1")
    [case] = suite.findall("testcase")
    assert case.get("name") == WEAK and case.find("failure") is not None


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        ("leaderboard_only", "a leaderboard alone has no runs to resample"),
        ("no_alias_in_common", "no alias in both inputs"),
        ("missing_alias", "--candidate-alias: 'nobody' is not in the candidate runs"),
        ("no_task_in_common", "have no task in common"),
        ("not_json", "base.jsonl"),
    ],
)
def test_every_input_problem_is_exit_2(tmp_path: Path, setup: str, message: str) -> None:
    def run(alias: str, task: str) -> str:
        return json.dumps(
            {
                "run_id": f"{alias}{task}",
                "task_id": task,
                "task_family": task,
                "alias": alias,
                "human_minutes": 5.0,
                "score_binarized": 1,
            }
        )

    base, cand = tmp_path / "base.jsonl", tmp_path / "cand.jsonl"
    base.write_text(run("a", "t1") + "\n" + run("b", "t1") + "\n")
    cand.write_text(run("c", "t1") + "\n" + run("d", "t1") + "\n")
    extra: list[str] = []
    if setup == "leaderboard_only":
        (tmp_path / "report").mkdir()
        (tmp_path / "report" / "leaderboard.json").write_text("{}")
        base = tmp_path / "report"
    elif setup == "missing_alias":
        extra = ["--baseline-alias", "a", "--candidate-alias", "nobody"]
    elif setup == "no_task_in_common":
        cand.write_text(run("a", "t2") + "\n")
    elif setup == "not_json":
        base.write_text("{not json\n")
    done = CliRunner().invoke(_main.horizon, ["compare", str(base), str(cand), *extra])
    assert done.exit_code == 2, done.output
    assert message in done.output and "Traceback" not in done.output


def test_compare_help_imports_neither_numpy_pandas_nor_inspect() -> None:
    code = (
        "import sys, harness.compare, harness.cli.compare; "
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'numpy', 'pandas', 'inspect_ai'}))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"


FALSE_ALARM_SPLITS = 200


@pytest.mark.slow
def test_false_alarms_stay_near_the_nominal_rate(th11_lines: list[str]) -> None:
    """200 seeded splits of one model's runs into halves: `regressed` in at most ~5%."""
    params = HorizonParams(n_bootstrap=100)
    rate = false_alarm_rate(read_runs([TH11]), STRONG, FALSE_ALARM_SPLITS, params, 0.1)
    assert rate <= 0.05, f"{rate:.1%} of {FALSE_ALARM_SPLITS} splits flagged"


def test_power_grows_with_the_size_of_the_drop() -> None:
    rng = np.random.default_rng(0)
    minutes = np.exp2(rng.uniform(0, 10, 60))
    family = [f"f{i // 3}" for i in range(60)]
    params = HorizonParams(n_bootstrap=40)
    none, big = gate_power(minutes, family, 4, 60.0, [1.0, 0.15], params, rng, n_sims=20)
    assert none.power <= 0.1 and big.power >= 0.8
    assert detectable_ratio([none, big]) == 0.15


def test_detectable_ratio_is_the_one_closest_to_1_with_enough_power() -> None:
    points = [PowerPoint(0.9, 0.1, 100), PowerPoint(0.6, 0.85, 100), PowerPoint(0.3, 1.0, 100)]
    assert detectable_ratio(points) == 0.6
    assert detectable_ratio(points[:1]) is None


def test_a_candidate_that_turns_failures_into_infra_errors_fails_the_gate(
    tmp_path: Path, th11_lines: list[str]
) -> None:
    """Its failures vanish from the fit, so its p50 looks unchanged or better: the gate must
    see the errors it is missing and fail closed."""
    first, second = halves(th11_lines, STRONG, seed=0)
    (tmp_path / "b.jsonl").write_text("\n".join(first) + "\n")
    (tmp_path / "c.jsonl").write_text("\n".join(second) + "\n")
    base = read_runs([tmp_path / "b.jsonl"])
    cand = read_runs([tmp_path / "c.jsonl"])
    failed = (cand["outcome"] == "failure") & (np.arange(len(cand)) % 2 == 0)  # half of them
    cand.loc[failed, ["outcome", "score_binarized", "score"]] = ("infra_error", np.nan, np.nan)
    base.to_parquet(tmp_path / "base.parquet")
    cand.to_parquet(tmp_path / "cand.parquet")
    junit = tmp_path / "compare.xml"
    args = ["compare", str(tmp_path / "base.parquet"), str(tmp_path / "cand.parquet")]
    done = CliRunner().invoke(_main.horizon, [*args, "--junit", str(junit), "--json", "-"])
    assert done.exit_code == 1, done.output
    [c] = json.loads(done.output)["comparisons"]
    assert c["verdict"] == "selective_infra_errors"
    assert c["ratio"] > 1, c  # its p50 looks longer than the baseline's: the errors hid failures
    assert c["candidate_infra_errors"] == [int(failed.sum()), len(cand)]
    assert c["baseline_infra_errors"] == [0, len(base)]
    suite = ET.parse(junit).getroot()
    assert suite.get("failures") == "1"
