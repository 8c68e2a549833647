#!/bin/bash
# Grades as root; every program runs through horizon_grading.run_program (see grade.py).
# Exit 0 when graded (reward 0 or 1), non-zero only when the grader itself broke.
mkdir -p /logs/verifier
exec python3 /tests/grade.py
