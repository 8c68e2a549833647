"""Write the leaderboard files into a folder.

Stage ``report``.
"""

from collections.abc import Sequence
from pathlib import Path

from harness.errors import InputError
from harness.horizon import HorizonResult

from ._json import render_json
from ._markdown import render_markdown

LEADERBOARD_FILES = ("leaderboard.json", "leaderboard.md")
"""The files :func:`write_report` writes."""


def write_report(
    result: HorizonResult, out_dir: Path, *, seed: int | None, inputs: Sequence[str]
) -> list[Path]:
    """Write ``leaderboard.json`` and ``leaderboard.md`` into ``out_dir`` (created if needed).

    Args:
        result: The estimate.
        out_dir: Target folder.
        seed: Seed of the bootstrap's generator.
        inputs: The input paths, as given.

    Returns:
        The written paths.

    Raises:
        InputError: The folder cannot be created or written.
    """
    texts = (
        render_json(result, seed=seed, inputs=inputs),
        render_markdown(result, seed=seed, inputs=inputs),
    )
    paths = [out_dir / name for name in LEADERBOARD_FILES]
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        for path, text in zip(paths, texts, strict=True):
            path.write_text(text, encoding="utf-8")
    except OSError as err:
        raise InputError(f"--out {out_dir}: cannot write the report ({err}).") from err
    return paths
