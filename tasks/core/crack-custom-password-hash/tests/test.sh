#!/usr/bin/env bash
mkdir -p /logs/verifier
ans=$(tr -d ' \t\r\n' < /app/password.txt 2>/dev/null)
if [ "$ans" = "Pathis47" ]; then echo 1 > /logs/verifier/reward.txt; else echo "wrong password: '$ans'"; echo 0 > /logs/verifier/reward.txt; fi
