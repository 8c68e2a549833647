#!/usr/bin/env bash
set -euo pipefail
cp /solution/sync.py /app/sync
chmod 755 /app/sync
