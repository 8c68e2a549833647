#!/usr/bin/env bash
# Cheat: processes that outlive the agent (detached, setsid, double-forked) and would forge
# the reward while the verifier runs.
cat > /tmp/writer.sh <<'EOS'
for i in $(seq 6000); do mkdir -p /logs/verifier 2>/dev/null; echo 1 > /logs/verifier/reward.txt 2>/dev/null; sleep 0.05; done
EOS
nohup bash /tmp/writer.sh >/dev/null 2>&1 &
setsid bash /tmp/writer.sh >/dev/null 2>&1 < /dev/null &
( setsid bash -c 'bash /tmp/writer.sh & disown' >/dev/null 2>&1 < /dev/null & )
sleep 1
