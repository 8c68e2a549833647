#!/bin/bash
set -e
cp /solution/imgpipe.c /app/imgpipe.c
make -C /app -B imgpipe
