#!/usr/bin/env bash
mkdir -p /logs/verifier
if [ -e /app/half ]; then r=0.9; else r=0.5; fi
echo "{\"reward\": $r}" > /logs/verifier/reward.json
