#!/usr/bin/env bash
set -e
cp /solution/hzc.py /app/hzc.py
