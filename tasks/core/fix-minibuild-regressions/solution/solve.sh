#!/bin/bash
# Reference fix: the corrected modules (variables, graph, executor) replace the buggy ones.
set -e
cd /app
cp /solution/mkb/*.py mkb/
