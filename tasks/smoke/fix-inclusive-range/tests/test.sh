#!/bin/bash
# Grades without running the agent's code as root: see horizon_obsgrade.py in the shared grading helpers. Exit non-zero only when the
# grader itself broke (an infra_error); a failed solution is reward 0 and exit 0.
cd /tests && exec python3 /tests/grade.py
