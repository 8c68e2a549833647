#!/usr/bin/env bash
set -euo pipefail
cd /app
cp /solution/mlp.py /app/mlp.py
python3 /solution/train_task.py
