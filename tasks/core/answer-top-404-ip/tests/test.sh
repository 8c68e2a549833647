#!/usr/bin/env bash
mkdir -p /logs/verifier
ans=$(tr -d ' \t\r\n' < /app/answer.txt 2>/dev/null)
if [ "$ans" = "10.0.1.6" ]; then echo 1 > /logs/verifier/reward.txt; else echo "wrong answer: '$ans'"; echo 0 > /logs/verifier/reward.txt; fi
