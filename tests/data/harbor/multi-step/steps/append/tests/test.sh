#!/bin/bash
# Step "append": its own expected.txt replaces step "write"'s (the step's files win).
source "$TEST_DIR/lib.sh"
if cmp -s "$TEST_DIR/expected.txt" /app/notes.txt; then reward yes; else reward no; fi
