"""`horizon demo`."""

from ._pending import pending_command

demo = pending_command(
    "demo", "Run the whole loop on the built-in suite with built-in agents, no API key.", 5
)
