#!/usr/bin/env bash
set -e
awk '$9 == 404 {print $1}' /app/logs/access.log | sort | uniq -c | sort -rn | head -1 | awk '{print $2}' > /app/answer.txt
