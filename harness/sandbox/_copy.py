"""Copying a host folder into a running sandbox: tests for the verifier, solution for the oracle."""

import io
import tarfile
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # only the type: importing this module must not load Inspect
    from inspect_ai.util import SandboxEnvironment

COPY_TIMEOUT_SEC = 300


async def copy_folder_into(
    box: "SandboxEnvironment",
    folder: Path,
    destination: str,
    *,
    extra: Mapping[str, bytes] | None = None,
) -> None:
    """Write every file under ``folder`` to ``destination`` in ``box``, keeping relative paths.

    ``extra`` adds files by relative path (they win over ``folder``'s files of the same name).

    One archive and one ``tar`` call, whatever the number of files: each ``write_file`` is a
    round trip to the container, and a verifier's folder can hold dozens of files.

    Raises:
        RuntimeError: ``tar`` failed in the sandbox (the sandbox is broken: an infra error).
    """
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
    bundle = f"{destination}/.horizon-copy.tar"
    await box.write_file(bundle, archive.getvalue())
    # Root extracts: the files are root's, whoever owns them on the host, and readable (the
    # folder's own mode decides who may enter it: /tests is root-only).
    script = (
        'tar -xf "$1" -C "$2" --no-same-owner && rm -f "$1" && '
        'find "$2" -mindepth 1 -exec chmod a+rX {} +'
    )
    done = await box.exec(
        ["sh", "-c", script, "copy", bundle, destination], timeout=COPY_TIMEOUT_SEC
    )
    if not done.success:
        raise RuntimeError(f"could not unpack {folder} into {destination}: {done.stderr}")
