#!/bin/bash
# Harbor's verifier protocol: write the reward to /logs/verifier.
mkdir -p /logs/verifier
if [ "$(cat /app/answer.txt 2>/dev/null)" = "mapped-image-answer" ]; then echo 1; else echo 0; fi > /logs/verifier/reward.txt
