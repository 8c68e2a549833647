"""Content hashes of files and folders: independent of mtimes and listing order."""

import hashlib
from collections.abc import Iterable
from pathlib import Path

HASH_LENGTH = 12


def content_hash(paths: Iterable[Path], root: Path, length: int = HASH_LENGTH) -> str:
    """Hash of file names (relative to ``root``) and bytes."""
    digest = hashlib.sha256()
    for path in sorted(paths):
        if path.is_file():
            digest.update(path.relative_to(root).as_posix().encode() + b"\0")
            digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()[:length]


def folder_hash(folder: Path) -> str:
    """``content_hash`` of every file under ``folder``."""
    return content_hash(folder.rglob("*"), folder)
