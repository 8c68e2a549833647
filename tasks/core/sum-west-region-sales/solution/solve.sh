#!/usr/bin/env bash
set -euo pipefail
cd /app
awk -F, 'NR > 1 && $3 == "West" { s += $7 } END { printf "%.2f\n", s }' sales.csv > answer.txt
cat answer.txt
