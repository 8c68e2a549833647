#!/bin/bash
mkdir -p /logs/verifier
cd /app
if timeout 250 python3 -m pytest -q -p no:cacheprovider /tests/test_hidden.py; then
  echo 1 > /logs/verifier/reward.txt
else
  echo 0 > /logs/verifier/reward.txt
fi
exit 0
