#!/usr/bin/env bash
set -euo pipefail
cp /solution/pipeline.py /app/pipeline.py
python3 /app/pipeline.py /app/example/input /tmp/example_out
diff -r /tmp/example_out /app/example/expected && echo example OK
