#!/usr/bin/env bash
set -euo pipefail
cp /solution/gbdt.py /app/gbdt.py
