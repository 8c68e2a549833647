#!/usr/bin/env bash
mkdir -p /logs/verifier
cd /app
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1
if timeout 280 python3 -m pytest -q -p no:cacheprovider /tests/test_gbdt.py; then
  echo 1 > /logs/verifier/reward.txt
else
  echo 0 > /logs/verifier/reward.txt
fi
exit 0
