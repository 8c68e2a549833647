#!/usr/bin/env bash
# The exit-code protocol (tasks/README.md): pytest's 0 and 1 are verdicts; any other code
# means the tests themselves broke, and the verifier says so by exiting non-zero.
mkdir -p /logs/verifier
python3 -m pytest -q -p no:cacheprovider /tests/test_broken.py
code=$?
case $code in
  0) echo 1 > /logs/verifier/reward.txt ;;
  1) echo 0 > /logs/verifier/reward.txt ;;
  *) echo 0 > /logs/verifier/reward.txt; exit "$code" ;;
esac
