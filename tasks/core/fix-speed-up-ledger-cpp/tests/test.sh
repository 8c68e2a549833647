#!/bin/bash
# Grades as root; the agent's build and every run of its program go through
# horizon_grading.run_program (as the agent). Exit 0 when graded, non-zero only when the
# grader itself broke.
mkdir -p /logs/verifier
exec python3 /tests/grade.py
