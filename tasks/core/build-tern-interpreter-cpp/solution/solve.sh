#!/bin/bash
# Reference solution: a tree-walking Tern interpreter in C++20 (one file), replacing the stub.
set -euo pipefail
rm -f /app/tern/*.cpp /app/tern/*.h
cp /solution/tern/tern.cpp /app/tern/
cd /app/tern
g++ -std=c++20 -O2 -o /tmp/tern-oracle-check *.cpp
/tmp/tern-oracle-check /app/examples/closures.tn > /tmp/closures.out 2>/dev/null || true
cmp /tmp/closures.out /app/examples/closures.out
