"""`horizon run`."""

from ._pending import pending_command

run = pending_command("run", "Run an agent over a task suite in Docker sandboxes.", 5)
