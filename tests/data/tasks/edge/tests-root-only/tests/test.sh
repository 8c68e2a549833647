#!/usr/bin/env bash
# Success only when the walls hold: /tests is root-only (0700) after the harness copied the
# tests in, and the agent user can read nothing in it.
mkdir -p /logs/verifier
mode=$(stat -c %a /tests)
if [ "$mode" = 700 ] && ! setpriv --reuid=agent --regid=agent --clear-groups cat /tests/test.sh >/dev/null 2>&1
then echo 1; else echo "0 (mode $mode)" >&2; echo 0; fi > /logs/verifier/reward.txt
