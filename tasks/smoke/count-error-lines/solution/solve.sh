#!/usr/bin/env bash
cat /app/logs/*.log | awk '$2 == "ERROR"' | wc -l > /app/answer.txt
