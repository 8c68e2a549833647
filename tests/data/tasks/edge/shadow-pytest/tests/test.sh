#!/usr/bin/env bash
mkdir -p /logs/verifier
cd /app
if python3 -m pytest -q -p no:cacheprovider /tests/test_out.py; then r=1; else r=0; fi
echo $r > /logs/verifier/reward.txt
