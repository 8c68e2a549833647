#!/usr/bin/env bash
set -e
cp /solution/confparse.py /app/confparse.py
