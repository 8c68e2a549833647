#!/usr/bin/env bash
# A verifier that would reward any surviving agent process: it must find none.
mkdir -p /logs/verifier
sleep 1
if pgrep -u agent >/dev/null; then echo "agent processes survived:"; ps -u agent -o pid,args; echo 1; else echo 0; fi > /logs/verifier/reward.txt
