"""From a ``harness.horizon`` result to the leaderboard document, and its JSON text.

Stage ``report``: rendering only. ``harness.horizon`` is imported for types only, so this
package (and whoever reads leaderboards) imports without numpy or pandas.
"""

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, cast

from harness import __version__

from ._document import (
    SCHEMA_VERSION,
    BoundCode,
    BucketEntry,
    ComparisonEntry,
    FamilyEntry,
    HorizonEntry,
    Leaderboard,
    Method,
    ModelEntry,
    ShapeEntry,
    TrendEntry,
    TrendStartEntry,
    WarningEntry,
)

if TYPE_CHECKING:
    from harness.horizon import Horizon, HorizonResult, ModelHorizons, Trend


def _number(value: float | None) -> float | None:
    """A JSON-safe number: ``None`` for NaN and infinities."""
    return None if value is None or not math.isfinite(value) else float(value)


def _horizon(h: "Horizon") -> HorizonEntry:
    return HorizonEntry(
        percent=h.percent,
        minutes=_number(h.reported_minutes),
        ci=(_number(h.ci_low), _number(h.ci_high)),
        bound=None if h.bound is None else cast(BoundCode, h.bound.value),
        bound_minutes=_number(h.bound_minutes),
    )


def _model(m: "ModelHorizons", release_date: dt.date | None) -> ModelEntry:
    return ModelEntry(
        alias=m.alias,
        n_runs=m.n_runs,
        n_tasks=m.n_tasks,
        n_infra_errors=m.n_infra_errors,
        n_unscored=m.n_unscored,
        average_score=_number(m.average_score),
        coef=_number(m.coef),
        intercept=_number(m.intercept),
        horizons=tuple(_horizon(h) for h in m.horizons),
        corrected=tuple(_horizon(h) for h in m.corrected),
        flags=tuple(str(f) for f in m.flags),
        infra_errors_by_bucket=dict(m.infra_errors_by_bucket),
        n_baselined_near_p50=m.n_baselined_near_p50,
        shortest_task_minutes=m.shortest_task_minutes,
        longest_task_minutes=m.longest_task_minutes,
        n_tasks_near_p50=m.n_tasks_near_p50,
        success_by_bucket=tuple(
            BucketEntry(
                label=b.label,
                min_minutes=b.min_minutes,
                max_minutes=b.max_minutes,
                n_runs=b.n_runs,
                n_tasks=b.n_tasks,
                success_rate=b.success_rate,
            )
            for b in m.success_by_bucket
        ),
        n_draws_single_class=m.n_draws_single_class,
        n_draws_not_converged=m.n_draws_not_converged,
        curve_shapes=tuple(
            ShapeEntry(
                link=str(s.link),
                p50_minutes=_number(s.p50_minutes),
                cv_log_loss=_number(s.cv_log_loss),
            )
            for s in m.curve_shapes
        ),
        family_horizons=tuple(
            FamilyEntry(
                family=f.family,
                p50_minutes=_number(f.p50_minutes),
                n_tasks=f.n_tasks,
                success_rate=_number(f.success_rate),
            )
            for f in m.family_horizons
        ),
        release_date=None if release_date is None else release_date.isoformat(),
    )


def _trend(trend: "Trend") -> TrendEntry:
    return TrendEntry(
        doubling_days=_number(trend.doubling_days),
        doubling_ci=(_number(trend.doubling_ci[0]), _number(trend.doubling_ci[1])),
        aliases=trend.aliases,
        release_dates=tuple(d.isoformat() for d in trend.release_dates),
        n_draws_used=trend.n_draws_used,
        n_draws_not_rising=trend.n_draws_not_rising,
        window=(
            None if trend.window[0] is None else trend.window[0].isoformat(),
            None if trend.window[1] is None else trend.window[1].isoformat(),
        ),
        by_start=tuple(
            TrendStartEntry(
                start=row.start.isoformat(),
                n_models=row.n_models,
                doubling_days=_number(row.doubling_days),
                doubling_ci=(_number(row.doubling_ci[0]), _number(row.doubling_ci[1])),
            )
            for row in trend.by_start
        ),
    )


def to_document(
    result: "HorizonResult",
    *,
    seed: int | None,
    inputs: Sequence[str],
    release_dates: Mapping[str, dt.date] | None = None,
) -> Leaderboard:
    """The leaderboard document of an estimate.

    Args:
        result: The estimate.
        seed: Seed of the bootstrap's generator, recorded so the numbers can be reproduced.
        inputs: The input paths, as given.
        release_dates: Alias -> release date, recorded per model (the page's date column).

    Returns:
        The document; ``render_json`` and the other renderers draw from it.
    """
    # Imported here, not at the top: a result exists, so harness.horizon is loaded already,
    # and reading leaderboards never pays for numpy and pandas.
    from harness.horizon import NEAR_HORIZON_FACTOR

    p = result.params
    trend = result.trend
    return Leaderboard(
        schema_version=SCHEMA_VERSION,
        harness_version=__version__,
        method=Method(
            regularization=p.regularization,
            weighting=p.weighting.value,
            bootstrap=p.n_bootstrap,
            seed=seed,
            confidence=p.confidence,
            percents=p.percents,
            partial_scores=p.partial_scores,
            excluded_aliases=p.exclude_aliases,
            merge_runs=p.merge_runs,
            near_horizon_factor=NEAR_HORIZON_FACTOR,
        ),
        inputs=tuple(inputs),
        models=tuple(_model(m, (release_dates or {}).get(m.alias)) for m in result.models),
        trend=None if trend is None else _trend(trend),
        comparisons=tuple(
            ComparisonEntry(
                alias_a=c.alias_a,
                alias_b=c.alias_b,
                p_a_longer=_number(c.p_a_longer),
                ratio=_number(c.ratio),
                ratio_ci=(_number(c.ratio_ci[0]), _number(c.ratio_ci[1])),
                n_draws=c.n_draws,
            )
            for c in result.comparisons
        ),
        warnings=tuple(
            WarningEntry(code=str(w.code), alias=w.alias, message=w.message)
            for w in result.warnings
        ),
    )


def render_json(document: Leaderboard) -> str:
    """The document as indented, strictly valid JSON (``leaderboard.json``)."""
    return document.to_json()
