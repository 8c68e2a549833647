"""``leaderboard.json`` as one typed document: written by ``report``, read back by anyone.

Stage ``report`` owns the document: :func:`to_document` (in ``_json``) builds it from a
``harness.horizon`` result, every renderer draws from it, and :func:`read_leaderboard` reads
it back, so the writer and the reader share one schema. Imports only pydantic: reading a
leaderboard must not load numpy, pandas or Inspect.

The JSON keys of issue #3 are kept: per model, each percent is stored flat
(``p50_minutes``, ``p50_ci``, ``bounds.p50``); in Python the model holds them as
:class:`HorizonEntry` objects, converted in one ``before`` validator and one serializer.
JSON has no inf or NaN: a non-finite number is ``null``, and the flags say why.
"""

import json
import math
import re
from pathlib import Path
from typing import Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    SerializerFunctionWrapHandler,
    ValidationError,
    model_serializer,
    model_validator,
)

from harness.errors import InputError

SCHEMA_VERSION = 1
"""Bumped when a key changes meaning or disappears; adding keys does not bump it."""

LEADERBOARD_JSON = "leaderboard.json"
"""The document's file name in a report folder."""

BoundCode = Literal["above_suite_range", "below_suite_range"]
"""``harness.horizon.Bound`` values (a unit test keeps the two equal)."""

DEFAULT_NEAR_HORIZON_FACTOR = 4.0
"""The factor every schema-1 document used before ``near_horizon_factor`` was recorded."""

_FLAT_MINUTES = re.compile(r"p(\d+)_minutes")


class _Part(BaseModel):
    # Unknown keys are ignored, not rejected: a newer horizon may add keys without bumping
    # the schema version, and an older `horizon compare` must still read its documents.
    model_config = ConfigDict(frozen=True, extra="ignore")


class Method(_Part):
    """How the numbers were estimated (``harness.horizon.HorizonParams`` and the seed)."""

    regularization: float
    """L2 penalty on the slope (scikit-learn's ``1 / C``)."""
    weighting: str
    """``invsqrt`` or ``equal``."""
    bootstrap: int
    """Bootstrap draws (``n_bootstrap``; the key name is issue #3's)."""
    seed: int | None
    """Seed of the bootstrap's generator."""
    confidence: float
    """CI level."""
    percents: tuple[int, ...]
    """Success percents the horizons are given at."""
    partial_scores: bool
    excluded_aliases: tuple[str, ...]
    merge_runs: bool = False
    """Whether an alias's separate runs were pooled (else each run is its own model)."""
    near_horizon_factor: float = DEFAULT_NEAR_HORIZON_FACTOR
    """A task is near the p50 when within this factor of it (``n_tasks_near_p50``)."""


class HorizonEntry(_Part):
    """One model's horizon at one success percent."""

    percent: int
    minutes: float | None
    """Point estimate in minutes; ``None`` when it is only a bound or not finite (then
    ``bound`` and ``bound_minutes`` say what the data support)."""
    ci: tuple[float | None, float | None]
    """CI ends in minutes. Both ``None``: no bootstrap draws; one ``None``: that end is
    infinite (see :attr:`ci_low`, :attr:`ci_high`)."""
    bound: BoundCode | None
    """Set when the estimate (or its whole CI) lies outside the tasks' human minutes."""
    bound_minutes: float | None = None
    """The bound the data support (``> 400``): the CI's end within the tasks, else the task
    range's end. Documents written before it was recorded leave it ``None``."""

    @property
    def has_ci(self) -> bool:
        """Whether bootstrap draws gave a CI."""
        return self.ci != (None, None)

    @property
    def ci_low(self) -> float:
        """Lower CI end in minutes: NaN without a CI, inf when it is unbounded."""
        low = self.ci[0]
        return math.nan if not self.has_ci else math.inf if low is None else low

    @property
    def ci_high(self) -> float:
        """Upper CI end in minutes: NaN without a CI, inf when it is unbounded."""
        high = self.ci[1]
        return math.nan if not self.has_ci else math.inf if high is None else high


class BucketEntry(_Part):
    """Observed success in one bucket of human minutes (``harness.suite`` buckets)."""

    label: str = ""
    """The bucket as the suite tables name it (``<1``, ``[8,16)``)."""
    min_minutes: float
    max_minutes: float
    n_runs: int
    n_tasks: int
    success_rate: float


class ShapeEntry(_Part):
    """The p50 under one link function (``harness.horizon.ShapeFit``)."""

    link: str
    p50_minutes: float | None
    cv_log_loss: float | None
    """Log loss on held-out task families; ``None`` with a single family."""


class FamilyEntry(_Part):
    """One task family's p50 from the shared-slope fit (``harness.horizon.FamilyHorizon``)."""

    family: str
    p50_minutes: float | None
    n_tasks: int
    success_rate: float | None


class ModelEntry(_Part):
    """One model's estimate."""

    alias: str
    n_runs: int
    n_tasks: int
    n_infra_errors: int
    n_unscored: int
    average_score: float | None
    coef: float | None
    intercept: float | None
    horizons: tuple[HorizonEntry, ...]
    """One per percent, ascending; stored flat in JSON (``p50_minutes``, ``p50_ci``,
    ``bounds``)."""
    flags: tuple[str, ...]
    """``harness.horizon.Flag`` codes; each has a warning that explains it."""
    shortest_task_minutes: float
    longest_task_minutes: float
    n_tasks_near_p50: int
    success_by_bucket: tuple[BucketEntry, ...]
    n_draws_single_class: int = 0
    """Bootstrap draws left out because this model held one class only."""
    n_draws_not_converged: int = 0
    """Bootstrap draws left out because their fit did not converge."""
    n_baselined_near_p50: int | None = None
    """Of the tasks near the p50, those with timed human baselines (None: not known)."""
    infra_errors_by_bucket: dict[str, int] = {}
    """Infra-error runs per bucket of human minutes (buckets with none are left out)."""
    corrected: tuple[HorizonEntry, ...] = ()
    """Horizons corrected for noisy human-time labels (SIMEX), one per percent, beside the
    plain METR ``horizons``; empty when not estimated."""
    curve_shapes: tuple[ShapeEntry, ...] = ()
    """The p50 under the logit, probit and cloglog links, each cross-validated by family."""
    family_horizons: tuple[FamilyEntry, ...] = ()
    """Per-family p50s from one logistic with a shared slope."""
    release_date: str | None = None
    """ISO release date (``--release-dates``); ``None`` when not given for this alias."""

    def horizon(self, percent: int) -> HorizonEntry:
        """The horizon at ``percent``.

        Raises:
            KeyError: That percent is not in the document.
        """
        for h in self.horizons:
            if h.percent == percent:
                return h
        raise KeyError(f"{self.alias}: no p{percent} (have {[h.percent for h in self.horizons]})")

    @model_validator(mode="before")
    @classmethod
    def _lift_flat_horizons(cls, data: Any) -> Any:
        """Issue #3's flat keys (``p50_minutes``, ``p50_ci``, ``bounds``) -> ``horizons``."""
        if not isinstance(data, dict) or "horizons" in data:
            return data
        data = dict(data)
        bounds = data.pop("bounds", None) or {}
        bound_minutes = data.pop("bound_minutes", None) or {}
        horizons = []
        for key in list(data):
            match = _FLAT_MINUTES.fullmatch(key)
            if match:
                percent = int(match.group(1))
                horizons.append(
                    {
                        "percent": percent,
                        "minutes": data.pop(key),
                        "ci": data.pop(f"p{percent}_ci", (None, None)),
                        "bound": bounds.get(f"p{percent}") if isinstance(bounds, dict) else None,
                        "bound_minutes": bound_minutes.get(f"p{percent}")
                        if isinstance(bound_minutes, dict)
                        else None,
                    }
                )
        data["horizons"] = sorted(horizons, key=lambda h: int(h["percent"]))
        return data

    @model_serializer(mode="wrap")
    def _flatten_horizons(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        """``horizons`` -> issue #3's flat keys, in their place after ``intercept``."""
        data: dict[str, Any] = handler(self)
        horizons = data.pop("horizons")
        flat: dict[str, Any] = {}
        for key, value in data.items():
            if key == "flags":
                for h in horizons:
                    flat[f"p{h['percent']}_minutes"] = h["minutes"]
                    flat[f"p{h['percent']}_ci"] = list(h["ci"])
                flat["bounds"] = {f"p{h['percent']}": h["bound"] for h in horizons}
            flat[key] = value
        # Added after issue #3's keys, which keep their order.
        flat["bound_minutes"] = {f"p{h['percent']}": h["bound_minutes"] for h in horizons}
        return flat


class TrendStartEntry(_Part):
    """The trend refitted over SOTA models released on or after ``start``."""

    start: str
    """ISO date."""
    n_models: int
    doubling_days: float | None
    """``None``: the frontier did not rise (infinite doubling time)."""
    doubling_ci: tuple[float | None, float | None]
    """``None`` for an end that is unbounded."""


class TrendEntry(_Part):
    """The p50 doubling time over SOTA models' release dates."""

    doubling_days: float | None
    doubling_ci: tuple[float | None, float | None]
    """``None`` for an end that is unbounded (the slope's CI reaches 0)."""
    aliases: tuple[str, ...]
    release_dates: tuple[str, ...]
    """ISO dates (``YYYY-MM-DD``), one per alias."""
    n_draws_used: int
    n_draws_not_rising: int = 0
    """Draws in which the frontier did not rise; kept in the CI (METR drops them)."""
    window: tuple[str | None, str | None] = (None, None)
    """Release-date window of the fit (ISO dates; ``None``: open)."""
    by_start: tuple[TrendStartEntry, ...] = ()
    """The trend refitted from each later SOTA release on."""


class ComparisonEntry(_Part):
    """Two models that ran the same tasks, compared at the p50 over paired draws."""

    alias_a: str
    alias_b: str
    p_a_longer: float | None
    """Share of draws in which A's p50 exceeds B's (ties count half)."""
    ratio: float | None
    """A's p50 over B's; ``None`` when not finite."""
    ratio_ci: tuple[float | None, float | None]
    n_draws: int


class WarningEntry(_Part):
    """Something the data cannot support (``harness.horizon.HorizonWarning``)."""

    code: str
    """A ``harness.horizon.Flag`` code."""
    alias: str | None
    message: str


class Leaderboard(_Part):
    """The whole ``leaderboard.json`` document."""

    schema_version: int
    harness_version: str
    method: Method
    inputs: tuple[str, ...]
    models: tuple[ModelEntry, ...]
    trend: TrendEntry | None
    warnings: tuple[WarningEntry, ...]
    comparisons: tuple[ComparisonEntry, ...] = ()
    """Every pair of models that ran the same tasks."""

    def model(self, alias: str) -> ModelEntry:
        """The model called ``alias``.

        Raises:
            KeyError: No model has that alias.
        """
        for m in self.models:
            if m.alias == alias:
                return m
        raise KeyError(f"no model {alias!r} (have {[m.alias for m in self.models]})")

    @property
    def n_draws_not_converged(self) -> int:
        """Bootstrap fits that did not converge, over all models."""
        return sum(m.n_draws_not_converged for m in self.models)

    def to_json(self) -> str:
        """The document as indented, strictly valid JSON (no NaN or inf)."""
        return json.dumps(self.model_dump(mode="json"), indent=2, allow_nan=False)


def _problems(err: ValidationError) -> str:
    """One ``field.path: message`` per problem."""
    return "; ".join(
        f"{'.'.join(map(str, e['loc'])) or '(document)'}: {e['msg']}" for e in err.errors()
    )


def parse_leaderboard(text: str, where: str) -> Leaderboard:
    """Parse a leaderboard document.

    Args:
        text: The JSON text.
        where: The file it came from, for messages.

    Raises:
        InputError: Not JSON, of another schema version, or not a horizon leaderboard.
    """
    try:
        document = json.loads(text)
    except json.JSONDecodeError as err:
        raise InputError(
            f"{where}: cannot read the leaderboard ({err}). Pass a leaderboard.json or the "
            "folder `horizon report --out` wrote."
        ) from err
    if not isinstance(document, dict) or not isinstance(document.get("models"), list):
        raise InputError(f"{where}: not a horizon leaderboard (no `models` list).")
    version = document.get("schema_version")
    if version != SCHEMA_VERSION:
        raise InputError(
            f"{where}: schema_version: this horizon reads version {SCHEMA_VERSION} "
            f"(got {version!r}). Re-run `horizon report` with this version, or compare with "
            "the horizon version that wrote it."
        )
    try:
        return Leaderboard.model_validate(document)
    except ValidationError as err:
        raise InputError(
            f"{where}: not a valid horizon leaderboard ({_problems(err)}). Re-run "
            "`horizon report` to write it again."
        ) from err


def read_leaderboard(path: Path) -> Leaderboard:
    """Read a ``leaderboard.json``, or the report folder holding one.

    Raises:
        InputError: Missing, unreadable, not JSON, or not a horizon leaderboard.
    """
    file = path / LEADERBOARD_JSON if path.is_dir() else path
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise InputError(
            f"{file}: cannot read the leaderboard ({err}). Pass a leaderboard.json or the "
            "folder `horizon report --out` wrote."
        ) from err
    return parse_leaderboard(text, str(file))
