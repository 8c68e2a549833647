#!/usr/bin/env bash
# Success only when the agent worked as the unprivileged user, in a folder it owns.
mkdir -p /logs/verifier
uid=$(id -u agent)
if [ "$(cat /app/out.txt 2>/dev/null)" = "$uid" ] && [ "$(stat -c %u /app/out.txt)" = "$uid" ] \
   && [ "$(stat -c %u /app)" = "$uid" ]; then echo 1; else echo 0; fi > /logs/verifier/reward.txt
