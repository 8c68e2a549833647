#!/bin/bash
# Harbor's verifier protocol: write the reward to /logs/verifier. The verifier sees
# [environment] env too; the working folder is [environment] workdir; the health check ran.
mkdir -p /logs/verifier
if [ -f /tmp/health-seen ] && [ "$GREETING" = "hello from [environment] env" ] \
  && [ "$(cat /work/here/greeting.txt 2>/dev/null)" = "$GREETING" ]; then echo 1; else echo 0; fi \
  > /logs/verifier/reward.txt
