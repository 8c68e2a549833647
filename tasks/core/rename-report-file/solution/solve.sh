#!/usr/bin/env bash
set -e
mv /app/reports/q3_summary_DRAFT.txt /app/reports/q3_summary.txt
