#!/bin/bash
# Verifier: grade.py runs the acceptance driver as the agent and checks the histories.
mkdir -p /logs/verifier
cd /tests
python3 /tests/grade.py
