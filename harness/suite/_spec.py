"""``task.toml`` and ``suite.toml`` schemas, and the validated ``TaskSpec``.

Harbor's schema 1.0 and 1.1 with Harbor's meaning and defaults (its own pieces in ``_harbor``),
plus horizon's keys. Strict where horizon owns the schema (the top level of a horizon task,
``[human]``): unknown keys are errors, because they are most often typos. Tolerant where Harbor
owns it (its sections, and the top level of a task written for Harbor): unknown keys are kept
with a warning, as Harbor keeps them. Keys starting with ``x-`` are accepted anywhere, silently.
"""

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    NonNegativeInt,
    PositiveFloat,
    PositiveInt,
    field_validator,
    model_validator,
)

from ._compose import ComposeFile, ComposeService
from ._harbor import (
    Artifact,
    CollectHook,
    Healthcheck,
    MCPServer,
    NetworkMode,
    PackageInfo,
    Step,
    resolve_env,
    size_to_mb,
)

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
    """Harbor's ``[metadata]``: free-form (Harbor requires none of it); these keys are read."""

    category: str | None = None
    """Terminal-Bench's category; the task's family when ``family`` is not given."""
    tags: tuple[str, ...] = ()
    difficulty: str | None = None
    expert_time_estimate_min: PositiveFloat | None = None
    junior_time_estimate_min: PositiveFloat | None = None
    """Listed with the task (``tasks list --json``); never its length (that is the expert's,
    or ``[human]``'s)."""
    author_name: str | None = None
    author_email: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _free_form(cls, data: Any) -> Any:
        """Harbor does not type ``[metadata]``: a number where horizon reads text is text."""
        if not isinstance(data, dict):
            return data
        text_keys = ("category", "difficulty", "author_name", "author_email")
        data = {
            k: str(v) if k in text_keys and isinstance(v, int | float) else v
            for k, v in data.items()
        }
        if isinstance(data.get("tags"), list):
            data["tags"] = [str(tag) for tag in data["tags"]]
        return data


def _user_name(user: Any) -> Any:
    """Harbor allows a uid (``user = 0``); horizon passes users to ``docker exec`` by name."""
    return str(user) if isinstance(user, int) and not isinstance(user, bool) else user


class _Phase(_Tolerant):
    """What Harbor's ``[agent]`` and ``[verifier]`` share: a per-phase network override."""

    network_mode: NetworkMode | None = None
    allowed_hosts: tuple[str, ...] = ()


class AgentSection(_Phase):
    """Harbor's ``[agent]``."""

    timeout_sec: PositiveFloat = 1800.0
    """Wall-clock budget for the agent, before ``--time-multiplier``."""
    user: str = "agent"
    """The user the agent works as (Harbor's key). The base image's unprivileged ``agent`` by
    default; a task that truly needs root says ``user = "root"`` and is then marked weakly
    isolated, since the agent could change what the verifier runs with."""

    _uid = field_validator("user", mode="before")(_user_name)


class VerifierSection(_Phase):
    """Harbor's ``[verifier]``, plus horizon's ``reward_threshold``, ``reward_key``, and more."""

    timeout_sec: PositiveFloat = 600.0
    reward_threshold: float = 1.0
    """A reward at or above this is a success."""
    reward_key: str = "reward"
    """Which key of a multi-key ``reward.json`` is the reward; when the default ``reward`` is
    absent (or ``reward_key = "mean"``), the mean of the file's numeric keys."""
    env: dict[str, str] = Field(default_factory=dict)
    """Environment variables for ``tests/test.sh`` (Harbor's ``${VAR:-default}`` allowed)."""
    user: str | None = None
    """Harbor's verifier user: ``tests/test.sh`` runs as this user (default root). Never the
    agent's own user (refused: the agent could have planted what the verifier runs with)."""
    environment_mode: Literal["shared", "separate"] | None = None
    """``separate``: Harbor grades in a fresh container of its own."""
    environment: "EnvironmentSection | None" = None
    """The separate verifier's environment (implies ``environment_mode = "separate"``)."""
    collect: tuple[CollectHook, ...] = ()
    """Commands run in compose services after the agent stops, before grading."""
    nonzero_exit_is_error: bool | None = None
    """The exit-code protocol (tasks/README.md): ``test.sh`` exits 0 once it has written the
    reward, and a non-zero exit means the verifier broke (an ``infra_error``, whatever reward
    it left). Default: on for horizon tasks (with a ``[human]`` section), off for Harbor
    tasks, where the reward file alone decides."""

    _uid = field_validator("user", mode="before")(_user_name)

    @model_validator(mode="after")
    def _mode_and_environment_agree(self) -> "VerifierSection":
        # Harbor's own rule (models/task/config.py, VerifierConfig).
        if self.environment_mode == "shared" and self.environment is not None:
            raise ValueError(
                'environment_mode = "shared" and a [verifier.environment] disagree: drop the '
                'table, or set environment_mode = "separate"'
            )
        return self

    @property
    def separate(self) -> bool:
        """Whether grading runs in a container of the verifier's own.

        Harbor's resolution: ``environment_mode``, else separate when ``[verifier.environment]``
        is given.
        """
        if self.environment_mode is not None:
            return self.environment_mode == "separate"
        return self.environment is not None


class EnvironmentSection(_Tolerant):
    """Harbor's ``[environment]``: image, resources and network for the sandbox."""

    build_timeout_sec: PositiveFloat = 600.0
    docker_image: str | None = None
    """A prebuilt image (Harbor uses it instead of building ``environment/``)."""
    os: Literal["linux", "windows"] = "linux"
    cpus: PositiveFloat = 1.0
    memory_mb: PositiveInt = 2048
    storage_mb: PositiveInt | None = None
    memory: str | None = None
    """Harbor's older size string (``"8G"``); read into ``memory_mb``."""
    storage: str | None = None
    """Harbor's older size string (``"10G"``); read into ``storage_mb``."""
    gpus: NonNegativeInt = 0
    gpu_types: tuple[str, ...] | None = None
    tpu: dict[str, Any] | None = None
    allow_internet: bool = False
    """Network on or off. Horizon tasks default to off; Harbor tasks to Harbor's default, on.
    Set from ``network_mode`` when that is given (``public`` on, ``no-network`` off)."""
    network_mode: NetworkMode | None = None
    allowed_hosts: tuple[str, ...] = ()
    """The hosts an ``allowlist`` network reaches (given alone, they imply ``allowlist``)."""
    mcp_servers: tuple[MCPServer, ...] = ()
    env: dict[str, str] = Field(default_factory=dict)
    """Environment variables of the sandbox (Harbor's ``${VAR:-default}`` allowed): set in
    the container, so the agent, the reference solution and the verifier all see them."""
    skills_dir: str | None = None
    healthcheck: Healthcheck | None = None
    """A readiness command, run in the sandbox (as root) once it has started; the agent
    starts only once it passed (Harbor's semantics: failures count after the start period,
    ``retries`` in a row fail the sample as an infra error)."""
    workdir: str | None = None
    """The sandbox's working folder (where the agent starts), instead of the image's
    ``WORKDIR``; created when missing, and handed to the agent like any working folder."""
    pids_limit: PositiveInt = 1024
    """Process limit (horizon's key): stops fork bombs from taking the host down."""

    @model_validator(mode="before")
    @classmethod
    def _harbor_spellings(cls, data: Any) -> Any:
        """Size strings into ``*_mb``, ``network_mode`` into ``allow_internet``, as Harbor."""
        if not isinstance(data, dict):
            return data
        data = dict(data)
        for size_key, mb_key in (("memory", "memory_mb"), ("storage", "storage_mb")):
            if not isinstance(data.get(size_key), str):
                continue
            try:
                mb = size_to_mb(data[size_key])
            except ValueError as err:
                raise ValueError(f"`{size_key}`: {err}") from err
            if mb_key in data and data[mb_key] != mb:
                raise ValueError(
                    f"`{size_key}` = {data[size_key]!r} ({mb} MB) and `{mb_key}` = "
                    f"{data[mb_key]!r} disagree: keep one of them"
                )
            data[mb_key] = mb
        if data.get("allowed_hosts") and data.get("network_mode") is None:
            data["network_mode"] = "allowlist"
        if data.get("network_mode") is not None:
            data["allow_internet"] = data["network_mode"] != "no-network"
        return data

    @property
    def network(self) -> NetworkMode:
        """The sandbox's network policy as Harbor names it."""
        if self.network_mode is not None:
            return self.network_mode
        return "public" if self.allow_internet else "no-network"


class HarborEnvironmentSection(EnvironmentSection):
    """``[environment]`` of a task written for Harbor: Harbor's default network, on."""

    allow_internet: bool = True


class SolutionSection(_Tolerant):
    """Harbor's ``[solution]``."""

    env: dict[str, str] = Field(default_factory=dict)
    """Environment variables for ``solution/solve.sh`` (Harbor's ``${VAR:-default}`` allowed)."""


HORIZON_KEYS = frozenset({"id", "family", "canary", "human"})
"""Top-level keys only horizon's own tasks use: a task with any of them is a horizon task."""


class TaskToml(_Strict):
    """The whole ``task.toml`` of a horizon task: Harbor's schema plus horizon's keys.

    Strict at the top level (an unknown key is most often a typo), and a horizon task must
    say how long it takes a human. :class:`HarborTaskToml` reads tasks written for Harbor.
    """

    version: str = "1.0"
    """The task-format version (Harbor's ``schema_version``, formerly ``version``)."""
    id: str | None = None
    family: str | None = None
    """Tasks that share a setting; METR's weights count tasks per family. Default:
    ``[metadata] category``, else the id."""
    canary: str | None = None
    task: PackageInfo | None = None
    """Harbor's ``[task]`` (schema 1.1): package name, authors, keywords."""
    source: str | None = None
    """Where the task came from (Harbor's key)."""
    metadata: MetadataSection = Field(default_factory=MetadataSection)
    human: HumanSection | None = None
    agent: AgentSection = Field(default_factory=AgentSection)
    verifier: VerifierSection = Field(default_factory=VerifierSection)
    environment: EnvironmentSection = Field(default_factory=EnvironmentSection)
    solution: SolutionSection = Field(default_factory=SolutionSection)
    artifacts: tuple[str | Artifact, ...] = ()
    """Files Harbor collects from the sandbox after the run."""
    steps: tuple[Step, ...] | None = None
    """Harbor's multi-step tasks: one agent turn and verifier run per step."""
    multi_step_reward_strategy: Literal["mean", "final"] | None = None
    """How Harbor combines the steps' rewards (default ``mean``)."""

    @model_validator(mode="before")
    @classmethod
    def _schema_version(cls, data: Any) -> Any:
        # Harbor renamed `version` to `schema_version`; either spelling is the format version.
        if isinstance(data, dict) and "schema_version" in data:
            rest = {k: v for k, v in data.items() if k != "schema_version"}
            return {**rest, "version": data["schema_version"]}  # Harbor's: schema_version wins
        return data

    @model_validator(mode="after")
    def _needs_human_time(self) -> "TaskToml":
        if self.human is None and self.metadata.expert_time_estimate_min is None:
            raise ValueError(
                "no human time: add a [human] section with `minutes`, `source` and `rationale` "
                "(or Harbor's [metadata] expert_time_estimate_min)"
            )
        return self

    @property
    def human_minutes(self) -> float | None:
        """Length in skilled-human minutes; ``None`` for a Harbor task that does not say."""
        if self.human is not None:
            return self.human.resolved_minutes
        return self.metadata.expert_time_estimate_min


class HarborTaskToml(TaskToml):
    """A ``task.toml`` written for Harbor (none of :data:`HORIZON_KEYS`): read as Harbor does.

    Unknown top-level keys are kept (Harbor keeps them), the network defaults to Harbor's
    (on), and human time may be absent: such a task runs, but stays out of horizon fits.
    """

    model_config = ConfigDict(extra="allow", frozen=True)

    environment: HarborEnvironmentSection = Field(default_factory=HarborEnvironmentSection)

    @model_validator(mode="after")
    def _needs_human_time(self) -> "HarborTaskToml":
        """Overrides :class:`TaskToml`'s check: Harbor requires no human time."""
        return self


class SuiteToml(_Strict):
    """``suite.toml``."""

    name: str
    version: str
    description: str
    sandbox: Literal["docker", "k8s"] = "docker"
    """Where ``horizon run`` puts the suite's sandboxes unless ``--sandbox`` says otherwise:
    horizon's Docker sandbox, or Kubernetes (docs/kubernetes.md)."""
    image_map: dict[str, str] = Field(default_factory=dict)
    """Images to use instead of others (``"ubuntu:24.04" = "mirror.lab/ubuntu:24.04"``): for
    ``docker_image``, compose service images and Dockerfile ``FROM`` lines, so a lab without
    a registry uses its own mirrors. ``--image-map FROM=LOCAL`` adds to it (and wins)."""


@dataclass(frozen=True)
class StepSpec:
    """One step of a multi-step task (Harbor's ``[[steps]]`` with its ``steps/<name>/`` folder).

    Each step is one agent turn in the sample's one sandbox, then that step's verifier; the
    per-step settings overlay the task's ``[agent]`` / ``[verifier]`` ones.
    """

    name: str
    path: Path
    """``steps/<name>/``."""
    instruction: str
    """What the agent is told for this turn (``steps/<name>/instruction.md``)."""
    agent_timeout_sec: float
    """``[steps.agent] timeout_sec``, else the task's ``[agent] timeout_sec``."""
    verifier_timeout_sec: float
    """``[steps.verifier] timeout_sec``, else the task's ``[verifier] timeout_sec``."""
    verifier_env: dict[str, str]
    """``[steps.verifier] env`` over the task's: Harbor's ``${VAR}`` templates unresolved."""
    min_reward: float | dict[str, float] | None = None
    """Below it (per key for a table) the remaining steps are skipped, as in Harbor."""

    @property
    def tests_dir(self) -> Path:
        """The step's own tests, copied over the task's ``tests/`` (its files win)."""
        return self.path / "tests"

    @property
    def solution_dir(self) -> Path:
        """The step's reference solution (``steps/<name>/solution/``), for the oracle."""
        return self.path / "solution"


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

    notices: tuple[str, ...] = ()
    """Settings of the task that horizon does not carry out here but that do not change the
    grade (e.g. Harbor's ``artifacts``), one sentence each; shown wherever the task is listed."""
    compose: ComposeFile | None = None
    """The task's own compose file (``environment/docker-compose.yaml``): its sidecars, and
    what it sets for ``main``."""
    steps: tuple[StepSpec, ...] = ()
    """A multi-step task's steps, in order (Harbor's ``[[steps]]``); empty for one turn."""

    @property
    def family(self) -> str:
        """``family``, else Terminal-Bench's ``[metadata] category``, else the id."""
        return self.config.family or self.config.metadata.category or self.id

    @property
    def version(self) -> str:
        """The task-format version from ``task.toml``."""
        return self.config.version

    @property
    def human_minutes(self) -> float | None:
        """Length in skilled-human minutes; ``None`` when the task does not say.

        A Harbor task without an expert estimate runs, but stays out of horizon fits.
        """
        return self.config.human_minutes

    @property
    def human_source(self) -> str:
        """``baseline``, ``estimate``, ``expert-estimate``, or ``none`` without human time."""
        if self.config.human is None:
            return "none" if self.human_minutes is None else "expert-estimate"
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
        return self.config.agent.user in ("root", "0")

    @property
    def environment_dir(self) -> Path:
        """What the image is built from."""
        return self.path / "environment"

    @property
    def solution_dir(self) -> Path:
        """The reference solution (never shown to agents); optional, as in Harbor."""
        return self.path / "solution"

    @property
    def has_solution(self) -> bool:
        """Whether there is a reference solution (without one only the null agent can check).

        ``solution/solve.sh``; for a multi-step task, one for every step (its own or the
        task's, :meth:`solution_dir_for`).
        """
        if not self.steps:
            return (self.solution_dir / "solve.sh").is_file()
        return all(self.solution_dir_for(step) is not None for step in self.steps)

    def solution_dir_for(self, step: StepSpec | None) -> Path | None:
        """The solution folder the oracle runs for ``step`` (None: the whole task), if any.

        As Harbor's oracle resolves it: the step's ``steps/<name>/solution/solve.sh``, else the
        task's ``solution/solve.sh``.
        """
        folders = [self.solution_dir] if step is None else [step.solution_dir, self.solution_dir]
        return next((f for f in folders if (f / "solve.sh").is_file()), None)

    @property
    def solution_env(self) -> dict[str, str]:
        """``[solution] env`` for ``solve.sh``, Harbor's ``${VAR}`` templates resolved here."""
        return resolve_env(self.config.solution.env)

    @property
    def verifier_env(self) -> dict[str, str]:
        """What ``test.sh`` gets: :attr:`sandbox_env`, then ``[verifier] env``.

        The verifier's clean environment would otherwise drop the sandbox's; Harbor's
        ``${VAR}`` templates are resolved here.
        """
        return {**self.sandbox_env, **resolve_env(self.config.verifier.env)}

    def verifier_env_for(self, step: StepSpec | None) -> dict[str, str]:
        """:attr:`verifier_env`, for one step of a multi-step task (its ``env`` on top)."""
        if step is None:
            return self.verifier_env
        return {**self.sandbox_env, **resolve_env(step.verifier_env)}

    @property
    def main_service(self) -> ComposeService:
        """What the task's compose file sets for ``main`` (empty without one)."""
        return self.compose.main if self.compose is not None else ComposeService()

    @property
    def sandbox_env(self) -> dict[str, str]:
        """The sandbox container's environment.

        Compose ``main``'s ``environment``, then ``[environment] env`` (Harbor's ``${VAR}``
        templates resolved here).
        """
        return {**self.main_service.environment, **resolve_env(self.config.environment.env)}

    @property
    def healthcheck(self) -> Healthcheck | None:
        """``main``'s readiness check: ``[environment] healthcheck``, else compose ``main``'s."""
        if self.config.environment.healthcheck is not None:
            return self.config.environment.healthcheck
        check = self.main_service.healthcheck
        if check is None or check.disabled:
            return None
        return Healthcheck(
            command=check.as_command(),
            interval_sec=check.interval_sec,
            timeout_sec=check.timeout_sec,
            start_period_sec=check.start_period_sec,
            start_interval_sec=check.start_interval_sec,
            retries=check.retries,
        )

    @property
    def workdir(self) -> str | None:
        """The sandbox's working folder; None keeps the image's ``WORKDIR``.

        ``[environment] workdir``, else compose ``main``'s ``working_dir``.
        """
        return self.config.environment.workdir or self.main_service.working_dir

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
    problems: tuple[str, ...] = ()
    """One message per task folder that did not load (invalid, or unsupported here); empty
    unless the suite was loaded with ``strict=False``."""

    def image_map(self, overrides: dict[str, str] | None = None) -> dict[str, str]:
        """``suite.toml``'s ``image_map`` with ``overrides`` (``--image-map``) on top."""
        return {**self.config.image_map, **(overrides or {})}
