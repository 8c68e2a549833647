import sys
from pathlib import Path

out = Path("/app/out.txt")
sys.exit(0 if out.exists() and out.read_text().strip() == "done" else 1)
