#!/usr/bin/env bash
mkdir -p /logs/verifier
ans=$(tr -d ' \t\r\n' < /app/answer.txt 2>/dev/null)
ans=${ans#req=}
if [ "$ans" = "41f22608" ]; then echo 1 > /logs/verifier/reward.txt; else echo "wrong answer: '$ans'"; echo 0 > /logs/verifier/reward.txt; fi
