#!/usr/bin/env bash
set -euo pipefail
cp /solution/brook.py /app/brook.py
cat > /app/brook <<'SH'
#!/bin/sh
exec python3 /app/brook.py "$@"
SH
chmod +x /app/brook
