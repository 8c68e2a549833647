"""jobq: a small persistent job queue -- one broker process, N worker processes, JSON lines over TCP."""

__version__ = "1.4.2"
