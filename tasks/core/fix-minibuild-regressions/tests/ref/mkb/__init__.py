"""mkb - a small make-like build tool."""
__version__ = "0.4.1"
