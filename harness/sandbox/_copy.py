"""Copying a host folder into a running sandbox: tests for the verifier, solution for the oracle."""

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # only the type: importing this module must not load Inspect
    from inspect_ai.util import SandboxEnvironment


async def copy_folder_into(box: "SandboxEnvironment", folder: Path, destination: str) -> None:
    """Write every file under ``folder`` to ``destination`` in ``box``, keeping relative paths."""
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            rel = path.relative_to(folder).as_posix()
            await box.write_file(f"{destination}/{rel}", path.read_bytes())
