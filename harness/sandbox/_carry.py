"""Carrying paths from one container to another through the engine's archive API.

A separate verifier (``_separate``) gets what the agent left at a few paths. The engine reads
each one out of the agent's container (``GET /containers/{id}/archive``, no process in it) and
writes it into the verifier's (``PUT .../archive``), at the same path. On the way the archive
goes through :func:`tarfile.data_filter`, as Harbor's artifact upload does: setuid and setgid
bits and group/other write bits are cleared, owners become root, device files and links that
leave the path are dropped, so what the agent left cannot smuggle a privilege or a view of the
verifier's own files (its ``/tests``).

Blocking calls; the scorer runs them in a worker thread.
"""

import posixpath
import tarfile
import tempfile
from dataclasses import dataclass
from typing import IO, Any

from ._docker_api import api

SPOOL_BYTES = 16 * 1024 * 1024
"""Archives up to this size stay in memory on their way; larger ones go to a temporary file."""


class CarryTooLarge(RuntimeError):
    """What the agent left at the collected paths is larger than the limit."""


@dataclass(frozen=True)
class Carried:
    """What :func:`carry_paths` did."""

    copied: tuple[str, ...]
    missing: tuple[str, ...]
    """Paths that do not exist in the source container (copied as absent)."""
    dropped: tuple[str, ...]
    """Archive members the filter refused (links leaving the path, device files), by name."""


def _errors() -> Any:
    import docker.errors

    return docker.errors


def _spool(chunks: Any, limit_bytes: int, path: str) -> IO[bytes]:
    spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115 - returned
    size = 0
    for chunk in chunks:
        size += len(chunk)
        if size > limit_bytes:
            spool.close()
            raise CarryTooLarge(
                f"{path} holds more than what is left of the task's storage ({limit_bytes} bytes)"
            )
        spool.write(chunk)
    spool.seek(0)
    return spool


def _filtered(raw: IO[bytes], parent: str, dropped: list[str]) -> IO[bytes]:
    """``raw`` re-packed through the data filter, its members under ``parent`` (relative)."""
    out = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115 - returned
    prefix = parent.strip("/")
    with tarfile.open(fileobj=raw, mode="r|") as source, tarfile.open(fileobj=out, mode="w") as tar:
        for member in source:
            try:
                # A destination of its own: links must stay inside the carried path.
                clean = tarfile.data_filter(member, "/carried")
            except tarfile.FilterError:
                dropped.append(member.name)
                continue
            if clean is None:
                dropped.append(member.name)
                continue
            # The filter drops owners (root's then, as in Harbor) and a link's mode.
            clean = clean.replace(
                name=posixpath.join(prefix, clean.name),
                mode=0o777 if clean.mode is None else clean.mode,
                uid=0,
                gid=0,
                uname="root",
                gname="root",
                deep=False,
            )
            if clean.islnk():  # a hard link names its target by archive path too
                clean = clean.replace(linkname=posixpath.join(prefix, clean.linkname), deep=False)
            data = source.extractfile(member) if member.isreg() else None
            tar.addfile(clean, data)
    out.seek(0)
    return out


def carry_paths(source: str, target: str, paths: tuple[str, ...], limit_bytes: int) -> Carried:
    """Copy each absolute path of container ``source`` into container ``target``, same path.

    A path missing from ``source`` is skipped (listed in ``missing``): it stays absent in
    ``target``, and the verifier decides what that means.

    Raises:
        CarryTooLarge: The paths hold more than ``limit_bytes`` together.
        docker.errors.APIError: The engine failed (either container is gone, ...).
    """
    client = api()
    copied: list[str] = []
    missing: list[str] = []
    dropped: list[str] = []
    left = limit_bytes
    for path in paths:
        try:
            chunks, _ = client.get_archive(source, path)
        except _errors().NotFound:
            missing.append(path)
            continue
        with _spool(chunks, left, path) as raw:
            left -= raw.seek(0, 2)
            raw.seek(0)
            with _filtered(raw, posixpath.dirname(path), dropped) as clean:
                # Extracted at the root: the engine makes the missing parent folders.
                client.put_archive(target, "/", clean)
        copied.append(path)
    return Carried(tuple(copied), tuple(missing), tuple(dropped))
