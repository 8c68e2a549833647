#!/usr/bin/env bash
mkdir -p /logs/verifier
ans=$(tr -d ' \t\r\n' < /app/answer.txt 2>/dev/null | tr 'A-F' 'a-f')
if [ "$ans" = "ef102f0bddde8d798297999099bb6c83a046a36a" ]; then echo 1 > /logs/verifier/reward.txt; else echo "wrong answer: '$ans'"; echo 0 > /logs/verifier/reward.txt; fi
