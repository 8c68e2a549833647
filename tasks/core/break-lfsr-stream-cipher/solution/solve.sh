#!/usr/bin/env bash
set -euo pipefail
cp /solution/decrypt.py /app/decrypt.py
mkdir -p /app/plaintexts
for f in /app/messages/*.enc; do
  n=$(basename "$f" .enc)
  python3 /app/decrypt.py "$f" "/app/plaintexts/$n.txt"
done
