#!/usr/bin/env bash
set -e
cd /app/logs
grep -ho 'req=[0-9a-f]* request\.start' *.log | sed 's/req=//; s/ .*//' | sort -u > /tmp/starts
grep -ho 'req=[0-9a-f]* request\.end' *.log | sed 's/req=//; s/ .*//' | sort -u > /tmp/ends
comm -23 /tmp/starts /tmp/ends > /app/answer.txt
