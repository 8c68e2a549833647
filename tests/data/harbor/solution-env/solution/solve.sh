#!/bin/bash
# The greeting comes only from [solution] env.
echo "$GREETING" > /app/hello.txt
