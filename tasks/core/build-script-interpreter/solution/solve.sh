#!/usr/bin/env bash
set -euo pipefail
cp /solution/quill.py /app/quill.py
cat > /app/quill <<'SH'
#!/bin/sh
exec python3 /app/quill.py "$@"
SH
chmod +x /app/quill
