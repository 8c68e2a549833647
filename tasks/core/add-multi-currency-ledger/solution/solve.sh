#!/bin/bash
# Reference solution: the multi-currency ledger (schema version 6) and its tests.
set -euo pipefail
cp -r /solution/ledgerly/. /app/ledgerly/
cp -r /solution/tests/. /app/tests/
cp /solution/README.md /app/README.md
cd /app
python3 -m pytest -q -p no:cacheprovider tests -k "multicurrency" >/dev/null
