"""Recording human baselines in ``task.toml`` (``horizon baseline``)."""

import re
import tomllib

from harness.errors import TaskSpecError

from ._spec import Baseline, TaskSpec

EMPTY_BASELINES = re.compile(r"^baselines\s*=\s*\[\s*\]\s*\n", re.MULTILINE)


def append_baseline(spec: TaskSpec, baseline: Baseline) -> None:
    """Append ``baseline`` to the task's ``[[human.baselines]]``, keeping the rest of the file.

    The text is appended rather than re-serialised, so comments and layout survive. An inline
    ``baselines = []`` is removed first: TOML forbids defining the array twice.

    Raises:
        TaskSpecError: The task keeps non-empty inline baselines (append by hand), or the
            result would not parse.
    """
    path = spec.path / "task.toml"
    text = EMPTY_BASELINES.sub("", path.read_text())
    if re.search(r"^baselines\s*=", text, re.MULTILINE):
        raise TaskSpecError(
            f"{path}: [human].baselines is an inline array; rewrite it as [[human.baselines]] "
            "tables so horizon can append to it."
        )
    entry = (
        f"\n[[human.baselines]]\nminutes = {baseline.minutes:.2f}\n"
        f"success = {str(baseline.success).lower()}\n"
        + (f'date = "{baseline.date}"\n' if baseline.date else "")
        + (f'who = "{baseline.who}"\n' if baseline.who else "")
    )
    updated = text.rstrip("\n") + "\n" + entry
    try:
        tomllib.loads(updated)
    except tomllib.TOMLDecodeError as err:
        raise TaskSpecError(f"{path}: cannot append a baseline ({err}). Fix the file.") from err
    path.write_text(updated)
