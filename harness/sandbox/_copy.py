"""Copying a host folder into a running sandbox: tests for the verifier, solution for the oracle."""

import io
import tarfile
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # only the type: importing this module must not load Inspect
    from inspect_ai.util import SandboxEnvironment

COPY_TIMEOUT_SEC = 300

SYSTEM_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
"""What root's housekeeping scripts search, whatever ``PATH`` the image sets."""

# Root extracts: the files are root's, whoever owns them on the host, and readable (the
# folder's own mode decides who may enter it: /tests is root-only).
_UNPACK = (
    'mkdir -p "$1" && tar -xf - -C "$1" --no-same-owner && '
    'find "$1" -mindepth 1 -exec chmod a+rX {} +'
)


class CopyError(RuntimeError):
    """The snippet run first or ``tar`` failed; ``returncode`` is the exec's exit code."""

    def __init__(self, message: str, returncode: int) -> None:
        super().__init__(message)
        self.returncode = returncode


def folder_archive(folder: Path, extra: Mapping[str, bytes] | None = None) -> bytes:
    """A tar of every file under ``folder`` by relative path, plus ``extra`` files (which win)."""
    archive = io.BytesIO()
    with tarfile.open(fileobj=archive, mode="w") as tar:
        for path in sorted(folder.rglob("*")):
            rel = path.relative_to(folder).as_posix()
            if path.is_file() and rel not in (extra or {}):
                tar.add(path, arcname=rel, recursive=False)
        for name, data in (extra or {}).items():
            info = tarfile.TarInfo(name)
            info.size, info.mode = len(data), 0o644
            tar.addfile(info, io.BytesIO(data))
    return archive.getvalue()


async def copy_folder_into(
    box: "SandboxEnvironment",
    folder: Path,
    destination: str,
    *,
    extra: Mapping[str, bytes] | None = None,
    first: str = "",
) -> None:
    """Write every file under ``folder`` to ``destination`` in ``box``, keeping relative paths.

    ``extra`` adds files by relative path (they win over ``folder``'s files of the same name).
    ``first`` is a shell snippet run as root before unpacking, in the same call (the verifier
    resets its folders with it).

    One exec, whatever the number of files: the archive goes in on the exec's standard input.
    Each round trip to the container is an exec of its own, a large part of
    what a short sample costs.

    Raises:
        CopyError: the snippet or ``tar`` failed (the sandbox is broken: an infra error, unless
            the snippet's exit code says otherwise).
    """
    script = f"set -e\nexport PATH={SYSTEM_PATH}\n{first}\n{_UNPACK}"
    done = await box.exec(
        ["/bin/sh", "-c", script, "copy", destination],
        input=folder_archive(folder, extra),
        timeout=COPY_TIMEOUT_SEC,
    )
    if not done.success:
        raise CopyError(
            f"could not unpack {folder} into {destination}: {done.stderr}", done.returncode
        )
