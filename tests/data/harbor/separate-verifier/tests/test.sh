#!/bin/bash
# Harbor's separate verifier: it runs in its own container (built from tests/Dockerfile) and
# sees only what the collect hook gathered in /logs/artifacts, never the agent's /app.
mkdir -p /logs/verifier
reward=0
if [ "$(cat /etc/horizon-verifier-image 2>/dev/null)" = grader ] && [ ! -e /app/hello.txt ] &&
  [ "$(cat /logs/artifacts/hello.txt 2>/dev/null)" = "Hello, world!" ]; then
  reward=1
fi
echo "$reward" > /logs/verifier/reward.txt
