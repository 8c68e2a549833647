#!/bin/bash
# Success needs the work done AND the verifier running as `grader` (Harbor's [verifier] user),
# with its own home and the tests folder and reward folder its own.
ok=1
[ "$(id -un)" = grader ] || { echo "verifier runs as $(id -un), not grader"; ok=0; }
[ "$HOME" = /home/grader ] || { echo "HOME is $HOME"; ok=0; }
[ -O /tests/test.sh ] || { echo "/tests is not the verifier user's"; ok=0; }
[ "$(cat /app/hello.txt 2>/dev/null)" = "Hello, world!" ] || { echo "no greeting"; ok=0; }
echo "$ok" > /logs/verifier/reward.txt
