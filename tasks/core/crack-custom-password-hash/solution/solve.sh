#!/usr/bin/env bash
set -euo pipefail
python3 /solution/crack.py
