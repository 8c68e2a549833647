#!/bin/bash
# Step "write": /app/notes.txt is exactly expected.txt (kept here, out of the agent's sight).
source "$TEST_DIR/lib.sh"
if cmp -s "$TEST_DIR/expected.txt" /app/notes.txt; then reward yes; else reward no; fi
