#!/usr/bin/env bash
set -euo pipefail
cp /solution/sqlengine.py /app/sqlengine.py
cat > /app/sql <<'SH'
#!/bin/sh
exec python3 /app/sqlengine.py "$@"
SH
chmod +x /app/sql
