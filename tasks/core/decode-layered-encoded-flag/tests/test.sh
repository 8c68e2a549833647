#!/usr/bin/env bash
mkdir -p /logs/verifier
ans=$(tr -d ' \t\r\n' < /app/flag.txt 2>/dev/null)
if [ "$ans" = "FLAG{r0t_and_b4se_are_n0t_encrypti0n_7c41}" ]; then echo 1 > /logs/verifier/reward.txt; else echo "wrong flag: '$ans'"; echo 0 > /logs/verifier/reward.txt; fi
