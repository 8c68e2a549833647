#!/usr/bin/env bash
set -euo pipefail
cd /app
grep -r --include='*.log' -h ERROR logs/ | wc -l > /app/answer.txt
