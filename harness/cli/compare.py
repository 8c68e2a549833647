"""`horizon compare`."""

from ._pending import pending_command

compare = pending_command(
    "compare", "Compare a baseline and a candidate report; exit 1 on regression.", 0
)
