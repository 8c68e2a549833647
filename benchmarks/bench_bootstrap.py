"""Benchmark: batched-Newton bootstrap vs a per-draw scikit-learn loop on the same draws.

Runs METR's 1,000-draw hierarchical bootstrap on ``../shared/metr/all_runs.jsonl`` (all
aliases but ``human``) two ways and checks they agree:

1. ours: ``harness.horizon.bootstrap_horizons`` draws run counts and fits all draws at once;
2. the oracle: for each draw and alias, scikit-learn ``LogisticRegression(C=1/regularization)``
   on the runs the draw picked, each weighted by its weight times how often it was picked
   (the same as repeating rows, as METR's ``bootstrap_sample`` does).

Checks every horizon agrees to 1e-4 relative, or, for the few absurd extrapolations whose
horizon float64 cannot pin down, that our objective ties scikit-learn's; that every draw
converged (a draw that did not is left out of the CIs, and counted). Prints the time ratio
(target >= 20x) and peak memory of ours (target < 1 GiB).

Then times the whole ``horizon report`` command (a fresh process: interpreter, imports,
reading the runs, the fit with ``--command-draws`` draws, the JSON document; median of
``--repeat`` runs) against the scikit-learn loop over as many draws (target >= 20x). Exits 1
if a check or a target fails.

    .venv/bin/python benchmarks/bench_bootstrap.py [--draws 1000] [--seed 0]
        [--command-draws 300] [--repeat 5]
"""

import os

# Both sides run single-threaded: on fits this small, BLAS/OpenMP threads only add overhead,
# and on a shared machine they slow scikit-learn down ~20x, which would flatter our ratio.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402  (the thread limits must be set before numpy loads)
import dataclasses  # noqa: E402
import resource  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
import tracemalloc  # noqa: E402
import warnings  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402
from sklearn.exceptions import ConvergenceWarning  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402

from harness.horizon import (  # noqa: E402
    BootstrapDraws,
    HorizonParams,
    bootstrap_horizons,
    horizon_minutes,
)
from harness.runs import read_runs  # noqa: E402

METR_RUNS = Path(__file__).resolve().parents[1] / ".." / "shared" / "metr" / "all_runs.jsonl"
AGREEMENT_RTOL = 1e-4
"""Issue #3: horizons must agree to 1e-4 relative."""
OBJECTIVE_RTOL = 1e-14
"""Objectives equal to float64 precision (a few ulps of a sum over ~800 runs)."""
SPEEDUP_TARGET = 20.0
COMMAND_SPEEDUP_TARGET = 20.0
"""Issue 9: the whole `horizon report` command >= 20x the per-draw scikit-learn loop."""
MEMORY_TARGET_BYTES = 1 << 30
# lbfgs stops at a gradient of ~1e-4 by default, which moves horizons by more than 1e-4;
# the oracle is run to convergence so it measures the method, not sklearn's stopping rule.
SKLEARN_TOL = 1e-10
SKLEARN_MAX_ITER = 10_000


def sklearn_horizons(
    draws: BootstrapDraws, params: HorizonParams
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Fit every (draw, alias) with scikit-learn.

    Returns horizons (n_draws, n_aliases, n_percents) and, per (draw, alias), the objective
    at scikit-learn's solution and at ours.
    """
    x = np.log2(draws.runs["human_minutes"].to_numpy(dtype=float))[:, None]
    y = draws.runs["score_binarized"].to_numpy()
    alias = draws.runs["alias"].to_numpy()
    out = np.full(draws.horizons.shape, np.nan)
    objective_sklearn = np.full(draws.coef.shape, np.nan)
    objective_ours = np.full(draws.coef.shape, np.nan)
    for a, name in enumerate(draws.aliases):
        of_alias = np.flatnonzero(alias == name)
        for d in range(draws.counts.shape[0]):
            picked = of_alias[draws.counts[d, of_alias] > 0]
            if len(np.unique(y[picked])) < 2 or np.isnan(draws.coef[d, a]):
                continue  # METR skips single-class draws (ours leaves them NaN)
            model = LogisticRegression(
                C=1 / params.regularization, tol=SKLEARN_TOL, max_iter=SKLEARN_MAX_ITER
            )
            model.fit(
                x[picked], y[picked], sample_weight=draws.weight[picked] * draws.counts[d, picked]
            )
            for j, percent in enumerate(params.percents):
                out[d, a, j] = horizon_minutes(model.coef_[0, 0], model.intercept_[0], percent)
            weight = draws.weight[picked] * draws.counts[d, picked]
            objective_sklearn[d, a] = objective(
                model.intercept_[0], model.coef_[0, 0], x[picked, 0], y[picked], weight, params
            )
            objective_ours[d, a] = objective(
                draws.intercept[d, a], draws.coef[d, a], x[picked, 0], y[picked], weight, params
            )
    return out, objective_sklearn, objective_ours


def objective(
    intercept: float,
    coef: float,
    x: np.ndarray,
    y: np.ndarray,
    weight: np.ndarray,
    params: HorizonParams,
) -> float:
    """scikit-learn's (unscaled) objective: weighted log loss + 0.5 * reg * coef**2."""
    z = intercept + coef * x
    loss = np.sum(weight * (np.logaddexp(0.0, z) - y * z))
    return float(loss + 0.5 * params.regularization * coef**2)


def command_seconds(runs: Path, n_draws: int, repeat: int) -> list[float]:
    """Wall time of ``horizon report`` in a fresh process, ``repeat`` times."""
    horizon = Path(sys.executable).with_name("horizon")
    command = [str(horizon), "report", str(runs), "--exclude-alias", "human"]
    command += ["--bootstrap", str(n_draws), "--json"]
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return times


def first_draws(draws: BootstrapDraws, n: int) -> BootstrapDraws:
    """The first ``n`` draws (for timing the scikit-learn loop over as many draws)."""
    return dataclasses.replace(
        draws,
        counts=draws.counts[:n],
        coef=draws.coef[:n],
        intercept=draws.intercept[:n],
        fitted=draws.fitted[:n],
        horizons=draws.horizons[:n],
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--draws", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--runs", type=Path, default=METR_RUNS)
    parser.add_argument("--command-draws", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    runs = read_runs([args.runs])
    params = HorizonParams(n_bootstrap=args.draws, exclude_aliases=("human",))

    # Ours is cheap: the median of three runs, so one hiccup on a shared machine does not
    # decide the ratio (the scikit-learn loop is long enough to average out on its own).
    ours_times = []
    for _ in range(3):
        start = time.perf_counter()
        ours = bootstrap_horizons(runs, params, np.random.default_rng(args.seed))
        ours_times.append(time.perf_counter() - start)
    ours_sec = statistics.median(ours_times)
    rss_bytes = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # Linux: KiB
    # Peak memory in a second, traced run: tracing slows allocation, so it is not timed.
    tracemalloc.start()
    bootstrap_horizons(runs, params, np.random.default_rng(args.seed))
    _, peak_bytes = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    start = time.perf_counter()
    with warnings.catch_warnings():
        # At tol=1e-10 lbfgs sometimes stops with "ABNORMAL" once its line search hits float
        # precision, i.e. converged; a fit that truly failed would show up as disagreement.
        warnings.simplefilter("ignore", ConvergenceWarning)
        oracle, objective_sklearn, objective_ours = sklearn_horizons(ours, params)
    sklearn_sec = time.perf_counter() - start

    n_not_converged = int((~np.isnan(ours.coef) & ~ours.fitted).sum())
    same_nan = np.array_equal(np.isnan(ours.horizons), np.isnan(oracle))
    both = ~np.isnan(oracle)
    # Extreme extrapolations underflow to 0 min (or overflow to inf) on both sides: equal.
    close = np.isclose(ours.horizons, np.where(both, oracle, 0), rtol=AGREEMENT_RTOL, atol=0)
    # A few draws hold one success in ~200 runs: their horizons are absurd extrapolations
    # (1e-224 to 1e147 min) along a direction so flat that both solutions' objectives are
    # equal to float64 precision. There the check is that ours is an optimum as good as
    # scikit-learn's, since no float64 optimiser pins such a horizon to 1e-4.
    ties = np.abs(objective_ours - objective_sklearn) <= OBJECTIVE_RTOL * objective_sklearn
    agree = close | ~both | ties[:, :, None]
    finite = both & np.isfinite(oracle) & (oracle > 0)
    rel = np.abs(ours.horizons[finite] / oracle[finite] - 1)
    n_close = int((close & both).sum())
    ratio = sklearn_sec / ours_sec
    print(f"runs: {len(ours.runs)} scored runs, {len(ours.aliases)} aliases, {args.draws} draws")
    print(
        f"ours:    {ours_sec:8.2f} s (median of 3)   peak memory {peak_bytes / 2**20:.1f} MiB "
        f"allocated (tracemalloc), process max RSS {rss_bytes / 2**20:.1f} MiB"
    )
    print(f"sklearn: {sklearn_sec:8.2f} s")
    print(f"speed-up: {ratio:.1f}x (target >= {SPEEDUP_TARGET:g}x)")
    print(f"horizons compared: {both.sum()}; single-class draws skipped alike: {same_nan}")
    print(f"max relative difference: {rel.max():.2e} (tolerance {AGREEMENT_RTOL:g})")
    print(f"horizons within {AGREEMENT_RTOL:g}: {n_close} of {int(both.sum())}")
    if n_close < both.sum():
        flat = both & ~close
        print(
            f"the other {int(flat.sum())}: extrapolations ({np.nanmin(oracle[flat]):.1e} to "
            f"{np.nanmax(oracle[flat]):.1e} min) where ours and sklearn's objectives tie to "
            f"{OBJECTIVE_RTOL:g}: {bool(ties[flat.any(axis=2)].all())}"
        )
    print(f"worse than sklearn's optimum: {int((~agree).sum())}")
    print(f"draws that did not converge (left out of CIs): {n_not_converged}")

    n_command = min(args.command_draws, args.draws)
    start = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        sklearn_horizons(first_draws(ours, n_command), params)
    sklearn_command_sec = time.perf_counter() - start
    command_sec = statistics.median(command_seconds(args.runs, n_command, args.repeat))
    command_ratio = sklearn_command_sec / command_sec
    print(
        f"whole `horizon report` with {n_command} draws: {command_sec:.2f} s (median of "
        f"{args.repeat}); sklearn loop over {n_command} draws: {sklearn_command_sec:.2f} s"
    )
    print(f"whole-command speed-up: {command_ratio:.1f}x (target >= {COMMAND_SPEEDUP_TARGET:g}x)")
    checks = {
        "same draws skipped": same_nan,
        "horizons agree": bool(agree.all()),
        "every draw converged": n_not_converged == 0,
        f"fit speed-up >= {SPEEDUP_TARGET:g}x": ratio >= SPEEDUP_TARGET,
        "memory < 1 GiB": peak_bytes < MEMORY_TARGET_BYTES,
        f"whole-command speed-up >= {COMMAND_SPEEDUP_TARGET:g}x": (
            command_ratio >= COMMAND_SPEEDUP_TARGET
        ),
    }
    failed = [name for name, passed in checks.items() if not passed]
    if failed:
        print("failed: " + "; ".join(failed))
    ok = not failed
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
