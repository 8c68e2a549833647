#!/usr/bin/env bash
mkdir -p /logs/verifier
cd /app 2>/dev/null || true
if python3 -m pytest -q -p no:cacheprovider /tests/test_rename.py; then echo 1 > /logs/verifier/reward.txt; else echo 0 > /logs/verifier/reward.txt; fi
