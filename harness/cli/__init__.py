"""The ``horizon`` command line: thin click commands over the public API of each stage."""

from ._main import main

__all__ = ["main"]
