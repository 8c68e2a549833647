"""Harbor's own task-config pieces (schema 1.0 and 1.1), mirrored as pydantic models.

Harbor (github.com/laude-institute/harbor, ``src/harbor/models/task/config.py``) defines the
task file; these models read its tables with Harbor's meaning and defaults, so a task written
for Harbor loads here as Harbor reads it. Like Harbor's models they keep keys they do not know
(``extra="allow"``): a task written for a newer Harbor still loads. What horizon does with each
setting, or why it cannot here, is decided in ``_support``.
"""

import os
import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, PositiveFloat, field_validator

NetworkMode = Literal["public", "no-network", "allowlist"]
"""Harbor's network policies: full internet, none, or only ``allowed_hosts``."""

PACKAGE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*/[A-Za-z0-9][A-Za-z0-9._-]*$")
SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([KMG])B?\s*$", re.IGNORECASE)
SIZE_TO_MB = {"K": 1 / 1024, "M": 1.0, "G": 1024.0}
ENV_TEMPLATE = re.compile(r"\$\{([^}:]+)(?::-(.*))?\}")
"""Harbor's host-variable template in ``env`` values: ``${VAR}`` or ``${VAR:-default}``."""


class HarborTable(BaseModel):
    """A table Harbor owns: unknown keys are kept, as Harbor keeps them."""

    model_config = ConfigDict(extra="allow", frozen=True)


class Author(HarborTable):
    """One entry of ``[[task.authors]]``."""

    name: str
    email: str | None = None


class PackageInfo(HarborTable):
    """``[task]`` (schema 1.1): the task's package name in Harbor's registry, and who wrote it."""

    name: str
    """``org/name``, e.g. ``terminal-bench/fix-git``."""
    version: str | None = None
    description: str = ""
    authors: tuple[Author, ...] = ()
    keywords: tuple[str, ...] = ()

    @field_validator("name")
    @classmethod
    def _org_slash_name(cls, name: str) -> str:
        if not PACKAGE_NAME.match(name) or ".." in name:
            raise ValueError("must be `org/name` (letters, digits, '.', '_', '-')")
        return name


class Healthcheck(HarborTable):
    """``[environment.healthcheck]``: a readiness command run after the sandbox starts."""

    command: str
    interval_sec: PositiveFloat = 5.0
    timeout_sec: PositiveFloat = 30.0
    start_period_sec: float = 0.0
    start_interval_sec: PositiveFloat = 5.0
    retries: int = 3


class MCPServer(HarborTable):
    """One ``[[environment.mcp_servers]]``: a tool server offered to the agent."""

    name: str
    transport: str = "sse"
    url: str | None = None
    command: str | None = None
    args: tuple[str, ...] = ()


class Artifact(HarborTable):
    """One ``artifacts`` entry: a file or folder collected from the sandbox after the run."""

    source: str
    destination: str | None = None
    exclude: tuple[str, ...] = ()
    service: str | None = None


class CollectHook(HarborTable):
    """One ``[[verifier.collect]]``: a command run in a compose service after the agent stops."""

    command: str
    service: str = "main"
    timeout_sec: PositiveFloat = 60.0
    user: str | int | None = None


class StepAgent(HarborTable):
    """``[steps.agent]``: overlays the task's ``[agent]`` for one step."""

    timeout_sec: PositiveFloat | None = None
    """The step's agent turn, in seconds (default: the task's ``[agent] timeout_sec``)."""


class StepVerifier(HarborTable):
    """``[steps.verifier]``: overlays the task's ``[verifier]`` for one step."""

    timeout_sec: PositiveFloat | None = None
    """The step's verifier, in seconds (default: the task's ``[verifier] timeout_sec``)."""
    env: dict[str, str] = Field(default_factory=dict)
    """Over the task's ``[verifier] env`` for this step's ``test.sh``."""


class Step(HarborTable):
    """One ``[[steps]]`` entry of a multi-step task (its own instruction, tests and agent turn)."""

    name: str
    agent: StepAgent = Field(default_factory=StepAgent)
    verifier: StepVerifier = Field(default_factory=StepVerifier)
    min_reward: float | dict[str, float] | None = None
    """Remaining steps are skipped when this step's reward falls below it."""
    healthcheck: Healthcheck | None = None
    artifacts: tuple[str | Artifact, ...] = ()


def size_to_mb(size: str) -> int:
    """Harbor's size strings in MB: ``"8G"`` -> 8192, ``"512M"`` -> 512, ``"1024K"`` -> 1.

    Raises:
        ValueError: Not a number followed by K, M or G.
    """
    match = SIZE.match(size)
    if match is None:
        raise ValueError(f"size {size!r} is not a number followed by K, M or G (e.g. '8G')")
    return int(float(match.group(1)) * SIZE_TO_MB[match.group(2).upper()])


def resolve_env(env: dict[str, str]) -> dict[str, str]:
    """``env`` with Harbor's ``${VAR}`` / ``${VAR:-default}`` values taken from this machine.

    Raises:
        KeyError: A ``${VAR}`` without default names a variable that is not set here; the
            exception's argument is the variable's name.
    """
    resolved = {}
    for key, value in env.items():
        match = ENV_TEMPLATE.fullmatch(value)
        if match is None:
            resolved[key] = value
        elif match.group(1) in os.environ:
            resolved[key] = os.environ[match.group(1)]
        elif match.group(2) is not None:
            resolved[key] = match.group(2)
        else:
            raise KeyError(match.group(1))
    return resolved
