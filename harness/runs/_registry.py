"""Registry of runs readers: one name per input format, chosen by file suffix.

Built-in readers (METR ``.jsonl``, Inspect ``.eval``) register exactly like a plugin would, with
:func:`register_reader`. Must not import Inspect's eval machinery.
"""

import difflib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from harness.errors import InputError

ReadFn = Callable[[Path], pd.DataFrame]
"""A reader: one input file in, one unvalidated runs table out (see ``RUNS_COLUMNS``)."""


@dataclass(frozen=True)
class RunsReader:
    """A registered reader."""

    name: str
    """Registry name, e.g. ``metr``."""
    suffixes: tuple[str, ...]
    """File suffixes this reader claims, lower case with the dot, e.g. ``(".jsonl",)``."""
    read: ReadFn
    """The function that reads one file."""


_READERS: dict[str, RunsReader] = {}


def register_reader(name: str, *, suffixes: tuple[str, ...]) -> Callable[[ReadFn], ReadFn]:
    """Register a function as the reader for files ending in ``suffixes``.

    Args:
        name: Registry name; third-party readers should namespace it (``package/name``).
        suffixes: File suffixes the reader claims, with the dot (``.jsonl``).

    Returns:
        A decorator that registers the function and returns it unchanged.

    Raises:
        ValueError: The name or one of the suffixes is already registered.
    """

    def decorator(read: ReadFn) -> ReadFn:
        if name in _READERS:
            raise ValueError(f"register_reader: reader {name!r} is already registered.")
        claimed = {s: r.name for r in _READERS.values() for s in r.suffixes}
        for suffix in suffixes:
            if suffix.lower() in claimed:
                raise ValueError(
                    f"register_reader: suffix {suffix!r} of {name!r} is already claimed "
                    f"by reader {claimed[suffix.lower()]!r}."
                )
        _READERS[name] = RunsReader(name, tuple(s.lower() for s in suffixes), read)
        return read

    return decorator


def reader_names() -> list[str]:
    """Names of every registered reader, sorted."""
    return sorted(_READERS)


def get_reader(name: str) -> RunsReader:
    """Look a reader up by name.

    Raises:
        InputError: No reader has that name; the message lists the known ones and the
            nearest match.
    """
    try:
        return _READERS[name]
    except KeyError:
        known = reader_names()
        close = difflib.get_close_matches(name, known, n=1)
        hint = f" Did you mean {close[0]!r}?" if close else ""
        raise InputError(
            f"unknown runs reader {name!r}. Known: {', '.join(known)}.{hint}"
        ) from None


def reader_for(path: Path) -> RunsReader | None:
    """The reader claiming ``path``'s suffix, or ``None`` when no reader does."""
    suffix = path.suffix.lower()
    for reader in _READERS.values():
        if suffix in reader.suffixes:
            return reader
    return None


def known_suffixes() -> list[str]:
    """Every suffix some reader claims, sorted."""
    return sorted(s for r in _READERS.values() for s in r.suffixes)
