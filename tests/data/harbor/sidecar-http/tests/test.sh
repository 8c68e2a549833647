#!/bin/bash
# Harbor's verifier protocol: write the reward to /logs/verifier.
mkdir -p /logs/verifier
if [ "$(cat /app/token.txt 2>/dev/null)" = "sidecar-token-7f3a" ]; then echo 1; else echo 0; fi > /logs/verifier/reward.txt
