#!/usr/bin/env bash
set -euo pipefail
cp /solution/regex_engine.py /app/regex_engine.py
