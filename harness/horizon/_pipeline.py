"""Runs table -> per-alias time horizons with bootstrap CIs, diagnostics and trend.

Stage ``horizon``: pure numpy/pandas; takes a runs table, frozen params and a
``np.random.Generator``; returns frozen results. No paths, printing or Inspect imports.
The method is METR's (``../shared/metr/README.md``, github.com/METR/eval-analysis-public).

One pipeline: the point fit and the bootstrap go through the same code. A *draw* is how many
times each run is taken (shape (n_draws, n_runs)); the point fit is the draw of all ones
(the data as observed), the bootstrap is :func:`resample_counts`' draws, and both are fitted
by :func:`_fit_draws`. A draw enters the CIs only where it was *fitted*: it held both
classes (METR skips single-class draws) and its fit converged. Draws that did not converge
are counted per alias and reported, never mixed into the quantiles.
"""

import datetime as dt
import math
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from itertools import combinations
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from harness.outcome import Outcome
from harness.suite import bucket_floor, bucket_label

from ._bootstrap import GroupSampler
from ._checks import scored_runs, unchecked_tasks, untimed_tasks
from ._design import Design, separate_runs
from ._diagnostics import (
    MIN_TASKS_NEAR_HORIZON,
    NEAR_HORIZON_FACTOR,
    Flag,
    HorizonWarning,
    count_tasks_near,
    infra_rate_outliers,
    success_by_bucket,
    suite_bound,
)
from ._label_noise import CorrectedHorizons, label_noise_horizons
from ._logistic import fit_logistic, horizon_minutes
from ._params import HEADLINE_PERCENT, HorizonParams
from ._results import BootstrapDraws, Horizon, HorizonResult, ModelHorizons
from ._shapes import curve_shapes, family_horizons
from ._summary import DrawSummary
from ._trend import TrendAccumulator, trend_models

DRAW_BUDGET_CELLS = 1 << 22
"""Bootstrap draws are processed in chunks of about this many (draw, run) entries (32 MiB per
float64 array), so memory stays flat however many draws are asked for."""


@dataclass(frozen=True)
class _Fits:
    """The fits of a batch of draws; every array has shape (n_draws, n_models, ...)."""

    coef: NDArray[np.float64]
    """Slopes, (n_draws, n_models); NaN for single-class draws."""
    intercept: NDArray[np.float64]
    """Intercepts, (n_draws, n_models); NaN for single-class draws."""
    has_both: NDArray[np.bool_]
    """(n_draws, n_models): the draw held both classes, so it was fitted."""
    converged: NDArray[np.bool_]
    """(n_draws, n_models): Newton met its tolerance (True for single-class draws)."""
    horizons: NDArray[np.float64]
    """Horizons at ``params.percents``, (n_draws, n_models, n_percents); NaN if single-class."""

    @property
    def fitted(self) -> NDArray[np.bool_]:
        """(n_draws, n_models): both classes and converged; only these enter the CIs."""
        result: NDArray[np.bool_] = self.has_both & self.converged
        return result

    @property
    def not_converged(self) -> NDArray[np.bool_]:
        """(n_draws, n_models): fitted, but Newton gave up before its tolerance."""
        result: NDArray[np.bool_] = self.has_both & ~self.converged
        return result

    def usable_horizons(self) -> NDArray[np.float64]:
        """``horizons`` with NaN wherever the draw is not :attr:`fitted`."""
        result: NDArray[np.float64] = np.where(self.fitted[:, :, None], self.horizons, np.nan)
        return result


def _fit_draws(design: Design, counts: NDArray[np.int64], params: HorizonParams) -> _Fits:
    """Fit every draw at once (one batched Newton solve) and compute its horizons.

    Args:
        design: The design of the fit.
        counts: Times each run is in each draw, shape (n_draws, n_runs).
        params: Estimation parameters.

    Returns:
        The fits, shape (n_draws, n_models, ...).
    """
    success, failure = design.cell_weights(counts)
    fits = fit_logistic(
        design.cell_x,
        success,
        failure,
        design.model_starts,
        params.regularization,
        max_iter=params.max_iter,
    )
    horizons = np.stack(
        [horizon_minutes(fits.coef, fits.intercept, p) for p in params.percents], axis=-1
    )
    return _Fits(fits.coef, fits.intercept, fits.has_both_classes, fits.converged, horizons)


def _concat(parts: list[_Fits], n_models: int, n_percents: int) -> _Fits:
    """Stack the fits of several chunks of draws (an empty batch when there are none)."""
    empty = _Fits(
        np.empty((0, n_models)),
        np.empty((0, n_models)),
        np.empty((0, n_models), dtype=bool),
        np.empty((0, n_models), dtype=bool),
        np.empty((0, n_models, n_percents)),
    )
    return _Fits(
        *(np.concatenate([getattr(empty, f), *(getattr(p, f) for p in parts)]) for f in _FIELDS)
    )


_FIELDS = ("coef", "intercept", "has_both", "converged", "horizons")


@dataclass(frozen=True)
class _Group:
    """Models that ran the same set of tasks: bootstrapped together, so their draws pair."""

    models: NDArray[np.intp]
    """Their indices in the full design's ``aliases``, ascending."""
    design: Design
    """The design of their runs alone."""
    run_rows: NDArray[np.intp]
    """Rows of the full design's runs that the group's runs are, in the group's order."""
    sampler: GroupSampler


def _task_sets(design: Design) -> list[frozenset[str]]:
    """The set of task ids each model ran."""
    cell_task_id = design.runs["task_id"].to_numpy()[design.cell_starts]
    return [
        frozenset(cell_task_id[design.model_cells(i)].tolist()) for i in range(len(design.aliases))
    ]


def _same_tasks(design: Design) -> dict[frozenset[str], list[int]]:
    """The models (indices, ascending) that ran each set of tasks."""
    members: dict[frozenset[str], list[int]] = {}
    for i, tasks in enumerate(_task_sets(design)):
        members.setdefault(tasks, []).append(i)
    return members


def _groups(design: Design, seed: int) -> list[_Group]:
    """Split the models by the task set they ran; each group gets its own random streams."""
    groups = []
    for tasks, members in _same_tasks(design).items():
        run_rows = np.concatenate(
            [np.arange(design.model_rows(i).start, design.model_rows(i).stop) for i in members]
        )
        sub = design.subset(np.array(members, dtype=np.intp))
        cells = tuple(sub.model_cells(k) for k in range(len(members)))
        sampler = GroupSampler.seeded(
            seed, sorted(tasks), sub.aliases, sub.task_family, sub.cell_task, sub.cell_runs, cells
        )
        groups.append(_Group(np.array(members, dtype=np.intp), sub, run_rows, sampler))
    return groups


def _stream(
    design: Design, params: HorizonParams, seed: int, keep_counts: bool = False
) -> Iterator[tuple[_Fits, NDArray[np.int64]]]:
    """The bootstrap's draws and fits, chunk by chunk so memory stays bounded.

    Yields:
        The fits of a chunk of draws over every model, shape (n_chunk, n_models, ...), and
        the chunk's run counts over the full design's runs: shape (n_chunk, n_runs) when
        ``keep_counts``, else (0, n_runs).
    """
    groups = _groups(design, seed)
    chunk = max(1, DRAW_BUDGET_CELLS // design.n_runs)
    n_models, n_percents = len(design.aliases), len(params.percents)
    for start in range(0, params.n_bootstrap, chunk):
        n = min(chunk, params.n_bootstrap - start)
        fits = _Fits(
            np.full((n, n_models), np.nan),
            np.full((n, n_models), np.nan),
            np.zeros((n, n_models), dtype=bool),
            np.zeros((n, n_models), dtype=bool),
            np.full((n, n_models, n_percents), np.nan),
        )
        counts = np.zeros((n if keep_counts else 0, design.n_runs), dtype=np.int64)
        for group in groups:
            drawn = group.sampler.draw(n)
            if keep_counts:
                counts[:, group.run_rows] = drawn
            part = _fit_draws(group.design, drawn, params)
            for field in _FIELDS:
                getattr(fits, field)[:, group.models] = getattr(part, field)
        yield fits, counts


@dataclass(frozen=True)
class _Estimate:
    """Everything the pipeline computed before the bootstrap, for it and for the results."""

    runs: pd.DataFrame
    """All runs (scored or not) of the aliases estimated, ``alias`` set to the model label."""
    base_alias: dict[str, str]
    """Model label -> the alias it came from (``alias [run]`` -> ``alias``)."""
    n_outcomes: dict[tuple[str, str], int]
    """(model label, outcome) -> runs, over all runs (scored or not)."""
    design: Design
    point: _Fits
    """The fit of the observed data: one draw."""
    observed: tuple[NDArray[np.float64], NDArray[np.float64]]
    """Success and failure weight of each cell in the observed data, (n_cells,) each."""
    seed: int
    """Seed material of the bootstrap's streams (one number drawn from the caller's rng)."""
    warnings: list[HorizonWarning]


def _estimate(runs: pd.DataFrame, params: HorizonParams, rng: np.random.Generator) -> _Estimate:
    """Select and label the runs, build the design and fit the observed data."""
    kept = runs[~runs["alias"].isin(params.exclude_aliases)]
    labelled, warnings = separate_runs(kept, params.merge_runs)
    warnings += untimed_tasks(labelled) + unchecked_tasks(labelled)
    design = Design.build(scored_runs(labelled, params), params)
    observed = np.ones((1, design.n_runs), dtype=np.int64)
    point = _fit_draws(design, observed, params)
    success, failure = design.cell_weights(observed)
    pairs = pd.DataFrame({"label": labelled["alias"], "base": kept["alias"]}).drop_duplicates()
    base_alias = dict(zip(pairs["label"].to_list(), pairs["base"].to_list(), strict=True))
    sizes = labelled.groupby(["alias", "outcome"]).size()
    n_outcomes = {
        (str(alias), str(outcome)): int(n)
        for (alias, outcome), n in zip(sizes.index.to_list(), sizes.to_numpy(), strict=True)
    }
    seed = int(rng.integers(2**63))
    return _Estimate(
        labelled, base_alias, n_outcomes, design, point, (success[0], failure[0]), seed, warnings
    )


def bootstrap_horizons(
    runs: pd.DataFrame, params: HorizonParams, rng: np.random.Generator
) -> BootstrapDraws:
    """Draw the hierarchical bootstrap, keeping every draw, and fit every draw at once.

    The same draws and horizons as :func:`fit_horizons` makes from the same ``rng`` state;
    exposed so benchmarks and tests can refit the very same draws another way. Memory grows
    with the draws (``fit_horizons`` keeps only summaries).

    Args:
        runs: Validated runs table; only scored runs of non-excluded aliases are used.
        params: Estimation parameters (``n_bootstrap`` draws).
        rng: Source of randomness.

    Returns:
        The draws and their fits.

    Raises:
        InputError: As :func:`fit_horizons`.
    """
    est = _estimate(runs, params, rng)
    parts, counts = [], []
    for fits, drawn in _stream(est.design, params, est.seed, keep_counts=True):
        parts.append(fits)
        counts.append(drawn)
    draws = _concat(parts, len(est.design.aliases), len(params.percents))
    return BootstrapDraws(
        aliases=est.design.aliases,
        runs=est.design.runs,
        weight=est.design.weight,
        counts=np.concatenate([np.empty((0, est.design.n_runs), dtype=np.int64), *counts]),
        coef=draws.coef,
        intercept=draws.intercept,
        fitted=draws.fitted,
        horizons=draws.usable_horizons(),
    )


MIN_TASK_LENGTHS = 2
"""Distinct task lengths a model needs before its horizon is ranked: a slope needs two."""


def _model(
    est: _Estimate, index: int, summary: DrawSummary, params: HorizonParams
) -> tuple[ModelHorizons, list[HorizonWarning]]:
    """Assemble one model's result: horizons, CIs, diagnostics and their warnings.

    Args:
        est: The pipeline's point fit.
        index: The model's position in ``est.design.aliases``.
        summary: The bootstrap's summaries.
        params: Estimation parameters.
    """
    design = est.design
    alias = design.aliases[index]
    rows = design.model_rows(index)
    score, weight = design.score[rows], design.weight[rows]
    task_minutes = design.cell_minutes[design.model_cells(index)]  # one cell per task
    shortest, longest = _task_range(design, index)
    all_failed, all_succeeded = bool((score == 0).all()), bool((score == 1).all())
    single_class = all_failed or all_succeeded
    coef, intercept = float(est.point.coef[0, index]), float(est.point.intercept[0, index])
    warnings: list[HorizonWarning] = []
    horizons = []
    for j, percent in enumerate(params.percents):
        if all_failed:
            # METR's agent_regression: every run failed -> horizon and CI 0.
            minutes, ci = 0.0, (0.0, 0.0)
        else:
            minutes = math.inf if all_succeeded else float(est.point.horizons[0, index, j])
            ci = summary.interval(index, j)
        horizon = _horizon(percent, minutes, ci, shortest, longest)
        if horizon.bound is not None:
            warnings.append(
                horizon.bound.flag.warn(
                    alias,
                    percent=percent,
                    shortest=shortest,
                    longest=longest,
                    value=horizon.bound_minutes,
                )
            )
        horizons.append(horizon)
    p50 = horizons[params.percents.index(HEADLINE_PERCENT)].minutes
    n_near = count_tasks_near(task_minutes, p50)
    n_lengths = len(np.unique(task_minutes))
    if n_lengths < MIN_TASK_LENGTHS:
        warnings.append(
            Flag.TOO_FEW_TASKS.warn(
                alias, n_tasks=len(task_minutes), n_lengths=n_lengths, min_lengths=MIN_TASK_LENGTHS
            )
        )
    if all_failed:
        warnings.append(Flag.ALL_FAILED.warn(alias))
    elif all_succeeded:
        warnings.append(Flag.ALL_SUCCEEDED.warn(alias))
    elif coef >= 0:
        warnings.append(Flag.POSITIVE_SLOPE.warn(alias, slope=coef))
    if est.point.not_converged[0, index]:
        warnings.append(Flag.NOT_CONVERGED.warn(alias, max_iter=params.max_iter))
    n_not_converged = int(summary.n_not_converged[index])
    if n_not_converged:
        warnings.append(
            Flag.DRAWS_NOT_CONVERGED.warn(
                alias,
                n_draws=n_not_converged,
                n_bootstrap=params.n_bootstrap,
                max_iter=params.max_iter,
            )
        )
    if n_near < MIN_TASKS_NEAR_HORIZON and not single_class:
        warnings.append(
            Flag.FEW_TASKS_NEAR_P50.warn(alias, n_near=n_near, factor=NEAR_HORIZON_FACTOR, p50=p50)
        )
    model = ModelHorizons(
        alias=alias,
        n_runs=rows.stop - rows.start,
        n_tasks=len(task_minutes),
        n_infra_errors=est.n_outcomes.get((alias, Outcome.INFRA_ERROR.value), 0),
        n_unscored=est.n_outcomes.get((alias, Outcome.UNSCORED.value), 0),
        average_score=float(np.sum(weight * score) / np.sum(weight)),
        coef=None if single_class else coef,
        intercept=None if single_class else intercept,
        horizons=tuple(horizons),
        shortest_task_minutes=shortest,
        longest_task_minutes=longest,
        n_tasks_near_p50=n_near,
        success_by_bucket=success_by_bucket(
            design.run_values(design.cell_minutes)[rows],
            score,
            design.run_values(design.cell_task)[rows],
        ),
        n_draws_single_class=int(summary.n_single_class[index]),
        n_draws_not_converged=n_not_converged,
        flags=tuple(dict.fromkeys(w.code for w in warnings)),
    )
    if not single_class:
        model = replace(model, **_beyond_metr(est, index, params))
    return model, warnings


def _beyond_metr(est: _Estimate, index: int, params: HorizonParams) -> dict[str, Any]:
    """The curve-shape check and the per-family horizons of one model (``_shapes``)."""
    design = est.design
    cells = design.model_cells(index)
    success, failure = est.observed
    family = design.task_family[design.cell_task[cells]]
    args = (design.cell_x[cells], success[cells], failure[cells], family)
    return {
        "curve_shapes": curve_shapes(*args, params.regularization),
        "family_horizons": family_horizons(*args, list(design.family_names), params.regularization),
    }


def _infra_by_bucket(runs: pd.DataFrame, alias: str) -> tuple[tuple[str, int], ...]:
    errored = runs[(runs["alias"] == alias) & (runs["outcome"] == Outcome.INFRA_ERROR.value)]
    counts = Counter(bucket_label(m) for m in errored["human_minutes"].dropna())
    return tuple(sorted(counts.items(), key=lambda item: bucket_floor(item[0])))


def _baselined_minutes(runs: pd.DataFrame) -> dict[str, NDArray[np.float64]] | None:
    """Per model, the human minutes of its tasks whose time was measured (``human_source``).

    ``None`` when the runs do not say.
    """
    if "human_source" not in runs.columns:
        return None
    measured = runs[runs["human_source"] == "baseline"].drop_duplicates(["alias", "task_id"])
    return {
        str(alias): group["human_minutes"].to_numpy(dtype=float)
        for alias, group in measured.groupby("alias")
    }


def _point_p50(est: _Estimate, params: HorizonParams) -> NDArray[np.float64]:
    """Each model's p50 point estimate: 0 when it failed everything, inf when it never failed."""
    p50 = est.point.horizons[0, :, params.percents.index(HEADLINE_PERCENT)].copy()
    for i in range(len(est.design.aliases)):
        score = est.design.score[est.design.model_rows(i)]
        p50[i] = 0.0 if (score == 0).all() else math.inf if (score == 1).all() else p50[i]
    return p50


def _paired(design: Design) -> list[tuple[int, int]]:
    """Pairs of models that ran the same set of tasks, so their draws pair (``_groups``)."""
    return sorted(
        pair for members in _same_tasks(design).values() for pair in combinations(members, 2)
    )


def _summarise(
    est: _Estimate, params: HorizonParams, trend: TrendAccumulator | None
) -> DrawSummary:
    """Stream the bootstrap through the summaries (and the trend's, if given)."""
    p50_index = params.percents.index(HEADLINE_PERCENT)
    summary = DrawSummary(
        len(est.design.aliases),
        len(params.percents),
        params.n_bootstrap,
        (1.0 - params.confidence) / 2.0,
        _paired(est.design),
        p50_index,
    )
    for fits, _ in _stream(est.design, params, est.seed):
        usable = fits.usable_horizons()
        summary.update(usable, fits.has_both, fits.not_converged)
        if trend is not None:
            trend.update(usable[:, :, p50_index])
    return summary


def _trend(
    est: _Estimate,
    params: HorizonParams,
    release_dates: Mapping[str, dt.date],
    p50: NDArray[np.float64],
    bounded: list[bool],
) -> tuple[TrendAccumulator, list[HorizonWarning]]:
    """The trend's accumulator over the models it may use (dated, in the window, not bounds)."""
    dates = {
        label: date
        for label, base in est.base_alias.items()
        if (date := release_dates.get(label, release_dates.get(base))) is not None
    }
    aliases = est.design.aliases
    window = (params.trend_since, params.trend_until)
    usable, warnings = trend_models(aliases, p50, bounded, dates, window)
    accumulator = TrendAccumulator(
        usable,
        [aliases[i] for i in usable],
        [dates[aliases[i]] for i in usable],
        p50[usable],
        params.n_bootstrap,
        params.confidence,
        window,
    )
    return accumulator, warnings


def fit_horizons(
    runs: pd.DataFrame,
    params: HorizonParams,
    rng: np.random.Generator,
    release_dates: Mapping[str, dt.date] | None = None,
) -> HorizonResult:
    """Estimate every model's time horizons, their CIs, paired comparisons and the trend.

    METR's method: weighted logistic regression of success on log2(human minutes) per model,
    hierarchical bootstrap CIs (families -> tasks -> runs; each model's draws depend on its
    own tasks only, see ``_bootstrap``), doubling time over SOTA models. All bootstrap draws
    are fitted together by batched Newton, chunk by chunk, keeping only the summaries.

    Args:
        runs: Validated runs table (``harness.runs.read_runs``), shape (n_runs, ...). Only
            success/failure runs enter the fit; the others are counted. An alias found in
            several runs (``run_key``) is estimated once per run unless ``params.merge_runs``.
        params: Estimation parameters.
        rng: Source of randomness for the bootstrap (``np.random.default_rng(seed)``).
        release_dates: Alias -> release date, to fit the doubling-time trend. An alias kept
            apart per run (``alias [run]``) takes its alias's date unless given its own.

    Returns:
        The result; models sorted by alias.

    Raises:
        InputError: No scored runs, or a task has conflicting family or human minutes.
    """
    est = _estimate(runs, params, rng)
    design = est.design
    # Which p50s are bounds is known for sure only after the draws (a CI wholly beyond the
    # tasks); the trend starts from the point estimates and is redrawn in the rare case the
    # CIs change its set (the draws are seeded, so the second pass sees the same draws).
    p50 = _point_p50(est, params)
    by_point = [
        suite_bound(p50[i], (math.nan, math.nan), *_task_range(design, i)) is not None
        for i in range(len(design.aliases))
    ]
    trend = trend_warnings = None
    if release_dates is not None:
        trend, trend_warnings = _trend(est, params, release_dates, p50, by_point)
    summary = _summarise(est, params, trend)
    models = []
    warnings = list(est.warnings)
    for i in range(len(design.aliases)):
        model, model_warnings = _model(est, i, summary, params)
        models.append(model)
        warnings.extend(model_warnings)
    if release_dates is not None:
        bounded = [m.horizon(HEADLINE_PERCENT).bound is not None for m in models]
        if bounded != by_point:
            trend, trend_warnings = _trend(est, params, release_dates, p50, bounded)
            _summarise(est, params, trend)
    for alias in sorted(set(est.runs["alias"]) - set(design.aliases)):
        warnings.append(Flag.NO_SCORED_RUNS.warn(alias))
    totals = est.runs.groupby("alias").size()
    infra_counts = {
        str(alias): (est.n_outcomes.get((str(alias), Outcome.INFRA_ERROR.value), 0), int(n))
        for alias, n in zip(totals.index.to_list(), totals.to_numpy(), strict=True)
    }
    selective = {o.alias: o for o in infra_rate_outliers(infra_counts)}
    for outlier in selective.values():
        warnings.append(
            Flag.SELECTIVE_INFRA_ERRORS.warn(
                outlier.alias,
                rate=outlier.rate,
                others=outlier.others_rate,
                p_value=outlier.p_value,
            )
        )
    baselined = _baselined_minutes(est.runs)
    models = [
        replace(
            m,
            infra_errors_by_bucket=_infra_by_bucket(est.runs, m.alias),
            n_baselined_near_p50=None
            if baselined is None
            else count_tasks_near(baselined.get(m.alias, np.empty(0)), m.horizon(50).minutes),
            flags=m.flags + ((Flag.SELECTIVE_INFRA_ERRORS,) if m.alias in selective else ()),
        )
        for m in models
    ]
    trend_result = None
    if trend is not None and trend_warnings is not None:
        warnings.extend(trend_warnings)
        trend_result = trend.result()
        if trend_result is None:
            warnings.append(Flag.TREND_TOO_FEW_MODELS.warn(None, n_sota=trend.n_sota))
    if params.label_noise:
        corrected = label_noise_horizons(design, params, rng)
        models = [
            replace(m, corrected=_corrected(corrected, m, *_task_range(design, i)))
            for i, m in enumerate(models)
        ]
    return HorizonResult(
        params,
        tuple(models),
        trend_result,
        tuple(warnings),
        summary.comparisons(design.aliases, p50),
    )


def _corrected(
    corrected: CorrectedHorizons, model: ModelHorizons, shortest: float, longest: float
) -> tuple[Horizon, ...]:
    """A model's label-noise corrected horizons, bounds decided as for the plain ones."""
    if model.coef is None:  # one class only: nothing to correct
        return ()
    result = []
    for h in model.horizons:
        minutes, low, high = corrected.horizon(model.alias, h.percent)
        result.append(_horizon(h.percent, minutes, (low, high), shortest, longest))
    return tuple(result)


def _horizon(
    percent: int, minutes: float, ci: tuple[float, float], shortest: float, longest: float
) -> Horizon:
    """A horizon with the bound its estimate and CI support over the model's tasks."""
    bound = suite_bound(minutes, ci, shortest, longest)
    if bound is None:
        return Horizon(percent, minutes, ci[0], ci[1], None)
    return Horizon(percent, minutes, ci[0], ci[1], bound[0], bound[1])


def _task_range(design: Design, index: int) -> tuple[float, float]:
    """Shortest and longest task (human minutes) of model ``index``."""
    minutes = design.cell_minutes[design.model_cells(index)]
    return float(minutes.min()), float(minutes.max())
