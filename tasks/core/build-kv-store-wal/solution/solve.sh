#!/usr/bin/env bash
set -euo pipefail
cp /solution/kvstore.py /app/kvstore.py
cat > /app/kv <<'SH'
#!/bin/sh
exec python3 /app/kvstore.py "$@"
SH
chmod +x /app/kv
