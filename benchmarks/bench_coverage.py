"""Benchmark: coverage and bias of p50 CIs under noisy human-time labels, plain vs corrected.

Simulates agents with known true logistic curves and scores both estimators on them:

* plain METR: logistic fit on the labels as given, hierarchical bootstrap families -> tasks
  -> runs (``label_noise_horizons`` with no SIMEX grid and ``resample_runs``: the pipeline's
  method, bootstrapped per model);
* corrected: ``label_noise_horizons`` with the default :class:`LabelNoiseParams` (SIMEX,
  families resampled, labels' noise redrawn per draw), told the true sigma.

Each replication draws a fresh agent: true log2 minutes of every task are the suite's (taken
as the truth), the labels are the truth times a log-normal error of sigma ``--noise``
(natural log); success probability per task is ``sigmoid(slope * (x_true - log2 p50) + e)``
with a task effect ``e ~ N(0, tau^2)`` (tasks of one length differ in difficulty; symmetric, so
the p50 is the same for the typical and the average task); 4-8 runs per task (as real data).

Suites: (a) ``core`` (the core suite's tasks and families); (b) ``wide``: 400 tasks, log-uniform
1 min .. 16 h, families of ~4. Positions of the true p50: the suite's 15th, 50th and 85th
percentile of log minutes. Prints, per suite x noise x position and estimator, the coverage of
the 95% CI (with its Monte Carlo standard error), the median of estimate / truth, and ``sd``:
the bootstrap's standard deviation of log p50 (median over replications) over the actual
spread of the replications' log p50 (above 1: the bootstrap counts noise twice).

    .venv/bin/python benchmarks/bench_coverage.py [--replications 100] [--draws 200] [--seed 0]
"""

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import time  # noqa: E402
from dataclasses import dataclass, replace  # noqa: E402

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from harness.horizon import HorizonParams  # noqa: E402
from harness.horizon._design import Design  # noqa: E402
from harness.horizon._label_noise import (  # noqa: E402
    SIMEX_LAMBDAS,
    LabelNoiseParams,
    label_noise_horizons,
)

TRUE_SLOPE = -0.8
"""Logit per doubling of true minutes: METR's fitted slopes are about -0.5 to -1."""
TASK_EFFECT_SD = 0.7
"""Spread of task difficulty at a given length, in logit."""
POSITIONS = {"low": 0.15, "mid": 0.5, "top": 0.85}
"""Quantiles of the suite's log minutes at which the true p50 is placed."""
RUNS_PER_TASK = (4, 8)
WIDE_TASKS = 400
WIDE_FAMILY_SIZE = 4


@dataclass(frozen=True)
class Suite:
    name: str
    x: np.ndarray
    """True log2 minutes per task."""
    family: np.ndarray
    """Family label per task."""


def core_suite() -> Suite:
    from harness.suite import load_suite

    tasks = load_suite("core").tasks
    return Suite(
        "core",
        np.log2([t.human_minutes for t in tasks]),
        np.array([t.family for t in tasks]),
    )


def wide_suite(rng: np.random.Generator) -> Suite:
    x = rng.uniform(0.0, np.log2(16 * 60), WIDE_TASKS)
    family = np.array([f"f{i // WIDE_FAMILY_SIZE:03d}" for i in range(WIDE_TASKS)])
    return Suite("wide", x, family)


def simulate(
    suite: Suite, p50_log2: float, noise: float, n_reps: int, rng: np.random.Generator
) -> pd.DataFrame:
    """Runs of ``n_reps`` independent agents (aliases ``r000``...), each with its own labels."""
    frames = []
    n_tasks = len(suite.x)
    for r in range(n_reps):
        label = suite.x + rng.normal(0.0, noise, n_tasks) / np.log(2.0)
        effect = rng.normal(0.0, TASK_EFFECT_SD, n_tasks)
        p = 1.0 / (1.0 + np.exp(-(TRUE_SLOPE * (suite.x - p50_log2) + effect)))
        n_runs = rng.integers(RUNS_PER_TASK[0], RUNS_PER_TASK[1] + 1, n_tasks)
        task = np.repeat(np.arange(n_tasks), n_runs)
        frames.append(
            pd.DataFrame(
                {
                    "alias": f"r{r:03d}",
                    "task_id": [f"r{r:03d}/t{t:03d}" for t in task],
                    "task_family": [f"r{r:03d}/{suite.family[t]}" for t in task],
                    "human_minutes": np.exp2(label[task]),
                    "score_binarized": (rng.random(len(task)) < p[task]).astype(float),
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


def score(
    design: Design,
    params: HorizonParams,
    noise: LabelNoiseParams,
    sigma: float,
    truth: float,
    seed: int,
) -> tuple[np.ndarray, np.ndarray, float]:
    """Per replication: whether the p50 CI covers ``truth`` and estimate / truth; and the
    median bootstrap sd of log p50 over the sd of the replications' log p50 (1 if the
    bootstrap measures the estimator's spread right)."""
    result = label_noise_horizons(
        design,
        params,
        np.random.default_rng(seed),
        noise,
        sigma=np.full(len(design.cell_x), sigma),
        keep_draws=True,
    )
    j = result.percents.index(50)
    covered = (result.ci_low[:, j] <= truth) & (truth <= result.ci_high[:, j])
    with np.errstate(divide="ignore", invalid="ignore"):
        log_draws = np.log(result.draws[:, :, j])
        log_point = np.log(result.minutes[:, j])
    finite = np.isfinite(log_draws)
    boot_sd = np.nanmedian([np.std(log_draws[finite[:, r], r]) for r in range(log_draws.shape[1])])
    spread = float(boot_sd / np.std(log_point[np.isfinite(log_point)]))
    return covered, result.minutes[:, j] / truth, spread


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--replications", type=int, default=100)
    parser.add_argument("--draws", type=int, default=200)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--noise", type=float, nargs="+", default=[0.9, 0.0])
    parser.add_argument("--suites", nargs="+", default=["core", "wide"])
    parser.add_argument(
        "--variants",
        nargs="+",
        default=["plain", "corrected"],
        help="plain, corrected; also plain-families, corrected-tasks, corrected-runs",
    )
    parser.add_argument("--lambdas", type=float, nargs="+", default=list(SIMEX_LAMBDAS))
    parser.add_argument("--pairs", type=int, default=LabelNoiseParams().n_pairs)
    parser.add_argument(
        "--assumed-sigma",
        type=float,
        default=None,
        help="sigma the corrected estimator is told (default: the true one)",
    )
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)
    suites = {"core": core_suite, "wide": lambda: wide_suite(rng)}
    params = HorizonParams(n_bootstrap=args.draws, success_percents=(50,))
    simex = LabelNoiseParams(lambdas=tuple(args.lambdas), n_pairs=args.pairs)
    variants = {
        "plain": LabelNoiseParams(lambdas=(), resample="runs", few_families_widening=False),
        "plain-families": LabelNoiseParams(lambdas=(), few_families_widening=False),
        "corrected": simex,
        "corrected-tasks": replace(simex, resample="tasks"),
        "corrected-runs": replace(simex, resample="runs"),
    }
    start = time.time()
    print(
        f"{args.replications} replications, {args.draws} bootstrap draws, slope {TRUE_SLOPE}, "
        f"task effect sd {TASK_EFFECT_SD}, runs/task {RUNS_PER_TASK}; seed {args.seed}"
    )
    print(
        f"{'suite':6} {'sigma':>5} {'p50':>4} {'true min':>9}  "
        + "  ".join(f"{v:>15} cov (se)  ratio    sd" for v in args.variants)
    )
    for suite_name in args.suites:
        suite = suites[suite_name]()
        for sigma in args.noise:
            for position, q in POSITIONS.items():
                p50 = float(np.quantile(suite.x, q))
                runs = simulate(suite, p50, sigma, args.replications, rng)
                design = Design.build(runs, params)
                cells = []
                for v in args.variants:
                    noise = variants[v]
                    told = sigma if args.assumed_sigma is None else args.assumed_sigma
                    covered, ratio, spread = score(
                        design,
                        params,
                        noise,
                        told,
                        float(np.exp2(p50)),
                        int(rng.integers(1 << 31)),
                    )
                    cov = covered.mean()
                    se = np.sqrt(cov * (1 - cov) / len(covered))
                    cells.append(
                        f"{cov:>21.0%} ({se:.0%}) {np.nanmedian(ratio):6.2f} {spread:5.2f}"
                    )
                print(
                    f"{suite_name:6} {sigma:5.1f} {position:>4} {np.exp2(p50):9.1f}  "
                    + "  ".join(cells),
                    flush=True,
                )
    print(f"elapsed {time.time() - start:.0f} s")


if __name__ == "__main__":
    main()
