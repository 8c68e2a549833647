#!/usr/bin/env bash
set -euo pipefail
cd /app
cp /solution/train.py /app/softmax_train.py
cp /solution/predict.py /app/predict.py
python3 /app/softmax_train.py
