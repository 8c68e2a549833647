#!/usr/bin/env bash
set -euo pipefail
cp /solution/rotate.sh /app/rotate.sh
chmod +x /app/rotate.sh
