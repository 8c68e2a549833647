#!/usr/bin/env bash
mkdir -p /logs/verifier
if [ "$(cat /app/out.txt 2>/dev/null)" = "done" ]; then echo 1; else echo 0; fi > /logs/verifier/reward.txt
