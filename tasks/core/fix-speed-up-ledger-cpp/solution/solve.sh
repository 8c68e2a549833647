#!/bin/bash
# Reference solution: the fixed and indexed ledger (one C++ file) replaces the original.
set -euo pipefail
rm -f /app/ledger/*.cpp /app/ledger/*.h
cp /solution/ledger.cpp /app/ledger/ledger.cpp
cd /app/ledger
g++ -std=c++20 -O2 -o ledger *.cpp
./ledger /app/samples/sample.csv /app/samples/sample.q | cmp - /app/samples/sample.expected
