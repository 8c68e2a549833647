#!/bin/bash
set -e
cp /solution/solution.cpp /app/solution.cpp
