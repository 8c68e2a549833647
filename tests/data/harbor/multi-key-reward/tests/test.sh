#!/bin/bash
# Two named rewards, as Harbor verifiers write them; [verifier] reward_key picks correctness.
mkdir -p /logs/verifier
if [ "$(cat /app/hello.txt 2>/dev/null)" = "Hello, world!" ]; then c=1; else c=0; fi
printf '{"correctness": %s, "style": 0.5, "note": "style is advisory"}\n' "$c" > /logs/verifier/reward.json
