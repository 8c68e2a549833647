#!/bin/bash
# Reference: a Raft node (leader election, log replication, persistence of term/vote/log,
# reads committed through the log) in Python, started by /app/start-node.
set -e
mkdir -p /app/kvnode
cp /solution/kvnode/node.py /app/kvnode/node.py
cp /solution/start-node /app/start-node
chmod +x /app/start-node
