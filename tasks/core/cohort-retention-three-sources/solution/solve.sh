#!/usr/bin/env bash
set -euo pipefail
cd /app
python3 /solution/retention.py /app/data /app/retention.csv
cat /app/retention.csv
