"""`horizon report`."""

from ._pending import pending_command

report = pending_command("report", "Estimate time horizons from runs and write leaderboards.", 3)
