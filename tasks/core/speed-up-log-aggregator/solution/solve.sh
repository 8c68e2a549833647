#!/bin/bash
set -e
cp /solution/logagg.py /app/logagg.py
