#!/usr/bin/env bash
set -euo pipefail
cd /app
python3 /solution/solve.py
