"""`horizon tasks`."""

from ._pending import pending_command

tasks = pending_command("tasks", "List and check task suites.", 4)
