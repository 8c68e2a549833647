#!/bin/bash
# Verifier: exit 0 once a reward is written (0..1); non-zero only if the grader itself broke.
mkdir -p /logs/verifier
exec python3 /tests/grade.py
