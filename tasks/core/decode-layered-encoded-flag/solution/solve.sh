#!/usr/bin/env bash
set -euo pipefail
tr -d '\n' < /app/secret.txt | xxd -r -p | base64 -d | tr 'A-Za-z' 'N-ZA-Mn-za-m' > /app/flag.txt
cat /app/flag.txt
