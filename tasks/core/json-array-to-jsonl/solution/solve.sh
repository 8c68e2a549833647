#!/usr/bin/env bash
set -e
jq -c '.[]' /app/events.json > /app/events.jsonl
