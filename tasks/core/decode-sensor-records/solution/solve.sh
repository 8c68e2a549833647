#!/usr/bin/env bash
set -e
cp /solution/decode_snr.py /app/decode_snr.py
