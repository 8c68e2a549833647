#!/usr/bin/env bash
set -e
cp /solution/dotenv.py /app/dotenv.py
