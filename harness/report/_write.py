"""Write the leaderboard files into a folder.

Stage ``report``.
"""

from pathlib import Path

from harness.errors import InputError

from ._document import LEADERBOARD_JSON, Leaderboard
from ._markdown import render_markdown

LEADERBOARD_FILES = (LEADERBOARD_JSON, "leaderboard.md")
"""The files :func:`write_report` writes."""


def write_report(document: Leaderboard, out_dir: Path) -> list[Path]:
    """Write ``leaderboard.json`` and ``leaderboard.md`` into ``out_dir`` (created if needed).

    Args:
        document: The leaderboard.
        out_dir: Target folder.

    Returns:
        The written paths.

    Raises:
        InputError: The folder cannot be created or written.
    """
    texts = (document.to_json(), render_markdown(document))
    paths = [out_dir / name for name in LEADERBOARD_FILES]
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        for path, text in zip(paths, texts, strict=True):
            path.write_text(text, encoding="utf-8")
    except OSError as err:
        raise InputError(f"--out {out_dir}: cannot write the report ({err}).") from err
    return paths
