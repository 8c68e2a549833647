"""``task.toml`` and ``suite.toml`` schemas, and the validated ``TaskSpec``.

Strict where horizon owns the schema (top level, ``[human]``): unknown keys are errors, because
they are most often typos. Tolerant where Harbor owns it (``[metadata]``, ``[agent]``,
``[verifier]``, ``[environment]``): unknown keys are kept with a warning, so tasks written for a
newer Harbor still load. Keys starting with ``x-`` are accepted anywhere, silently.
"""

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PositiveFloat, PositiveInt, model_validator

HumanSource = Literal["baseline", "estimate", "expert-estimate"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    @model_validator(mode="before")
    @classmethod
    def _drop_extensions(cls, data: Any) -> Any:
        if isinstance(data, dict):
            return {k: v for k, v in data.items() if not str(k).startswith("x-")}
        return data


class _Tolerant(BaseModel):
    model_config = ConfigDict(extra="allow", frozen=True)


class Baseline(_Strict):
    """One recorded human attempt at the task."""

    minutes: PositiveFloat
    """Working time, in minutes."""
    success: bool
    """Whether the verifier accepted the person's work."""
    date: str | None = None
    who: str | None = None
    """A pseudonym; never a real name without consent."""


class Estimate(_Strict):
    """One estimator's independent estimate under the labelling protocol (tasks/README.md)."""

    minutes: PositiveFloat
    by: str
    """Who estimated: a pseudonym or a role ("estimator A")."""
    basis: str
    """What they counted: what must be read, done and checked, with rough times."""


class HumanSection(_Strict):
    """``[human]``: how long the task takes a skilled human, and how we know."""

    minutes: PositiveFloat | None = None
    """Minutes of skilled-human work. Replaced by the baselines' geometric mean once any
    successful baseline exists."""
    source: HumanSource = "estimate"
    rationale: str | None = None
    """What a skilled engineer, new to the code, must do; for a reconciled estimate, why
    ``minutes`` sits where it does between the independent estimates."""
    estimates: tuple[Estimate, ...] = ()
    """The independent estimates ``minutes`` was reconciled from (the labelling protocol)."""
    baselines: tuple[Baseline, ...] = ()

    @model_validator(mode="after")
    def _needs_a_length(self) -> "HumanSection":
        if self.minutes is None and not any(b.success for b in self.baselines):
            raise ValueError("needs `minutes` or at least one successful baseline")
        if self.source != "baseline" and self.minutes is not None and not self.rationale:
            raise ValueError("an estimate needs a one-line `rationale`")
        if self.estimates and self.minutes is not None:
            figures = [e.minutes for e in self.estimates]
            low, high = min(figures), max(figures)
            if not low <= self.minutes <= high:
                raise ValueError(
                    f"`minutes` = {self.minutes:g} must lie between the estimates "
                    f"({low:g} to {high:g}): reconcile them, don't go outside them"
                )
        return self

    @property
    def resolved_minutes(self) -> float:
        """Geometric mean of successful baselines where they exist, else ``minutes``."""
        successes = [b.minutes for b in self.baselines if b.success]
        if successes:
            return math.exp(sum(math.log(m) for m in successes) / len(successes))
        assert self.minutes is not None  # guaranteed by _needs_a_length
        return self.minutes


class MetadataSection(_Tolerant):
    """Harbor's ``[metadata]``."""

    category: str | None = None
    tags: tuple[str, ...] = ()
    difficulty: str | None = None
    expert_time_estimate_min: PositiveFloat | None = None
    junior_time_estimate_min: PositiveFloat | None = None
    author_name: str | None = None
    author_email: str | None = None


class AgentSection(_Tolerant):
    """Harbor's ``[agent]``."""

    timeout_sec: PositiveFloat = 1800.0
    """Wall-clock budget for the agent, before ``--time-multiplier``."""
    user: str = "agent"
    """The user the agent works as (Harbor's key). The base image's unprivileged ``agent`` by
    default; a task that truly needs root says ``user = "root"`` and is then marked weakly
    isolated, since the agent could change what the verifier runs with."""


class VerifierSection(_Tolerant):
    """Harbor's ``[verifier]``, plus ``reward_threshold``."""

    timeout_sec: PositiveFloat = 600.0
    reward_threshold: float = 1.0
    """A reward at or above this is a success."""
    env: dict[str, str] = Field(default_factory=dict)
    """Environment variables for ``tests/test.sh``."""
    nonzero_exit_is_error: bool | None = None
    """The exit-code protocol (tasks/README.md): ``test.sh`` exits 0 once it has written the
    reward, and a non-zero exit means the verifier broke (an ``infra_error``, whatever reward
    it left). Default: on for horizon tasks (with a ``[human]`` section), off for Harbor
    tasks, where the reward file alone decides."""


class EnvironmentSection(_Tolerant):
    """Harbor's ``[environment]``: resources and network for the sandbox."""

    build_timeout_sec: PositiveFloat = 600.0
    cpus: PositiveFloat = 1.0
    memory_mb: PositiveInt = 2048
    storage_mb: PositiveInt | None = None
    allow_internet: bool = False
    pids_limit: PositiveInt = 1024
    """Process limit (horizon's key): stops fork bombs from taking the host down."""


class TaskToml(_Strict):
    """The whole ``task.toml``."""

    version: str = "1.0"
    id: str | None = None
    family: str | None = None
    """Tasks that share a setting; METR's weights count tasks per family. Default: the id."""
    canary: str | None = None
    metadata: MetadataSection = Field(default_factory=MetadataSection)
    human: HumanSection | None = None
    agent: AgentSection = Field(default_factory=AgentSection)
    verifier: VerifierSection = Field(default_factory=VerifierSection)
    environment: EnvironmentSection = Field(default_factory=EnvironmentSection)
    solution: dict[str, Any] = Field(default_factory=dict)
    """Harbor's ``[solution]`` (e.g. ``env``); kept as given."""

    @model_validator(mode="after")
    def _needs_human_time(self) -> "TaskToml":
        # Harbor tasks carry no [human]; their expert estimate is the length (DESIGN.md).
        if self.human is None and self.metadata.expert_time_estimate_min is None:
            raise ValueError(
                "no human time: add a [human] section with `minutes`, `source` and `rationale` "
                "(or Harbor's [metadata] expert_time_estimate_min)"
            )
        return self


class SuiteToml(_Strict):
    """``suite.toml``."""

    name: str
    version: str
    description: str


@dataclass(frozen=True)
class TaskSpec:
    """A validated task folder; downstream stages trust it without re-checking."""

    id: str
    suite: str
    path: Path
    config: TaskToml
    instruction: str
    content_hash: str
    """Hash of every file in the folder: the task's identity in logs and caches."""

    @property
    def family(self) -> str:
        """The task family (the id when none is given)."""
        return self.config.family or self.id

    @property
    def version(self) -> str:
        """The task-format version from ``task.toml``."""
        return self.config.version

    @property
    def human_minutes(self) -> float:
        """Length in skilled-human minutes."""
        if self.config.human is not None:
            return self.config.human.resolved_minutes
        assert self.config.metadata.expert_time_estimate_min is not None  # validated
        return self.config.metadata.expert_time_estimate_min

    @property
    def human_source(self) -> str:
        """``baseline``, ``estimate`` or ``expert-estimate``."""
        if self.config.human is None:
            return "expert-estimate"
        if any(b.success for b in self.config.human.baselines):
            return "baseline"
        return self.config.human.source

    @property
    def nonzero_exit_is_error(self) -> bool:
        """Whether a verifier exiting non-zero is an infra error (see ``VerifierSection``)."""
        explicit = self.config.verifier.nonzero_exit_is_error
        return explicit if explicit is not None else self.config.human is not None

    @property
    def weakly_isolated(self) -> bool:
        """True when the agent works as root (``[agent] user = "root"``)."""
        return self.config.agent.user == "root"

    @property
    def environment_dir(self) -> Path:
        """What the image is built from."""
        return self.path / "environment"

    @property
    def solution_dir(self) -> Path:
        """The reference solution (never shown to agents)."""
        return self.path / "solution"

    @property
    def tests_dir(self) -> Path:
        """The verifier (copied in only after the agent stops)."""
        return self.path / "tests"


@dataclass(frozen=True)
class Suite:
    """A folder of tasks with its ``suite.toml``."""

    name: str
    path: Path
    config: SuiteToml
    tasks: tuple[TaskSpec, ...]
