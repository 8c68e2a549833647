#!/usr/bin/env bash
mkdir -p /logs/verifier
# (10 + 20.5 + 7.25 + 100) / 4 = 34.4375
if [ "$(tr -d '[:space:]' < /app/mean.txt 2>/dev/null)" = "34.44" ]; then
  echo 1 > /logs/verifier/reward.txt
else
  echo 0 > /logs/verifier/reward.txt
fi
