#!/bin/bash
mkdir -p /logs/verifier
cd /app
if python3 /tests/run.py; then
  echo 1 > /logs/verifier/reward.txt
else
  echo 0 > /logs/verifier/reward.txt
fi
exit 0
