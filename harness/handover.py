"""The typed documents one stage hands to the next, each written in one place.

Stages hand over through Inspect's logs, as JSON metadata. Each document is one pydantic model,
owned by the stage that writes it and read back with the same model by ``harness.runs`` (the
only reader of logs), so the writer and its readers cannot drift:

* :class:`TaskInfo` — written by the run stage into every ``Sample.metadata``: which task,
  how long it takes a human, how it was isolated.
* :class:`RunInfo` — written by the run stage into the eval's ``Task.metadata``: suite, agent
  and the alias its results show under.
* :class:`Verdict` — written by the scoring stage into the verifier ``Score.metadata``.

Imports nothing heavy (no Inspect, no pandas): any stage may read these.
"""

from typing import Any, Self

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from harness.errors import InputError
from harness.outcome import Outcome

HANDOVER_KEY = "horizon"
"""Each document sits under this one key of its metadata dict, beside other tools' keys."""


class _Document(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    def to_metadata(self) -> dict[str, Any]:
        """The document as the metadata dict Inspect stores (``{"horizon": {...}}``)."""
        return {HANDOVER_KEY: self.model_dump(mode="json")}

    @classmethod
    def from_metadata(cls, metadata: dict[str, Any] | None, where: str) -> Self:
        """Read the document back from Inspect metadata.

        Args:
            metadata: The metadata dict of a sample, a score or an eval.
            where: The log and sample, for the error message.

        Raises:
            InputError: The document is missing or does not validate.
        """
        document = (metadata or {}).get(HANDOVER_KEY)
        if document is None:
            raise InputError(
                f"{where}: no horizon {cls.__name__} in the metadata. Only logs written by "
                "`horizon run` (or `inspect eval` of horizon_suite) can be read; re-run with it."
            )
        try:
            return cls.model_validate(document)
        except ValidationError as err:
            problems = "; ".join(
                f"{'.'.join(map(str, e['loc'])) or '(document)'}: {e['msg']}" for e in err.errors()
            )
            raise InputError(
                f"{where}: horizon {cls.__name__} does not validate ({problems}). The log was "
                "written by another horizon version; re-run with this one."
            ) from err


NOT_BUILT_KEY = "horizon_not_built"
"""Sample metadata key set by ``horizon run`` on the samples of a task whose image did not
build: the sample runs no sandbox and ends as "not run" (an infra error with that cause)."""


class TaskInfo(_Document):
    """What a sample records about its task (run stage -> runs stage)."""

    task_id: str
    family: str
    """Tasks that share a setting; METR's weights count tasks per family."""
    suite: str
    suite_version: str
    human_minutes: float | None = Field(gt=0)
    """Length of the task in skilled-human minutes; ``None`` for a Harbor task that does not
    say (it runs, and stays out of horizon fits)."""
    human_source: str
    """``baseline``, ``estimate``, ``expert-estimate`` or ``none``."""
    task_hash: str
    """Content hash of the task folder: the task's identity across suite versions."""
    task_path: str
    """The task folder on the machine that ran it (agents and the verifier load it)."""
    agent_user: str
    """The user the agent ran as in the sandbox."""
    checked: bool | None = None
    """Whether the task's ``horizon tasks check`` had passed on the machine that ran it, for
    this content and image: ``horizon run`` runs only such tasks, and with ``--unchecked``
    the others too, as ``False``. None: not known (plain ``inspect eval``, older logs)."""

    @property
    def weakly_isolated(self) -> bool:
        """True when the agent ran as root: it could touch what the verifier runs with."""
        return self.agent_user == "root"


class RunInfo(_Document):
    """What an eval records about the agent and suite it ran (run stage -> runs stage)."""

    suite: str
    suite_version: str
    agent: str
    agent_args: dict[str, Any] = Field(default_factory=dict)
    alias: str
    """How this agent's results show in reports (e.g. ``sim/h=30m``, a model name)."""


class StepVerdict(_Document):
    """The verifier's verdict on one step of a multi-step task (part of :class:`Verdict`)."""

    name: str
    """The step's name (Harbor's ``[[steps]] name``)."""
    outcome: Outcome
    """This step's reward against the task's threshold (the sample's outcome is the
    aggregate's)."""
    reward: float
    reward_file: str
    verifier_exit_code: int
    cause: str | None = None
    """Why the step failed, when the harness (not the tests) decided it."""


class Verdict(_Document):
    """The verifier's verdict on one sample (scoring stage -> runs stage).

    Only verdicts the verifier reached are recorded: when it could not reach one, the scorer
    raises and the sample carries an error instead (an ``infra_error``).
    """

    outcome: Outcome
    reward: float
    reward_file: str
    reward_threshold: float
    verifier_exit_code: int
    cause: str | None = None
    """Why the sample failed, when the harness (not the tests) decided it."""
    steps: tuple[StepVerdict, ...] = ()
    """A multi-step task's steps that ran, in order; ``reward`` is their aggregate."""
    skipped_steps: tuple[str, ...] = ()
    """Steps not run because an earlier step's reward fell below its ``min_reward``."""
    reward_strategy: str | None = None
    """How ``reward`` was made from ``steps`` (Harbor's ``multi_step_reward_strategy``)."""
