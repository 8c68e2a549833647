#!/usr/bin/env bash
mkdir -p /logs/verifier
echo 0 > /logs/verifier/reward.txt
if ! gcc -O2 -shared -fPIC -o /tmp/kv_tear.so /tests/tear.c; then
  echo "verifier error: could not build the tear shim" >&2
  exit 1
fi
if TEAR_SO=/tmp/kv_tear.so timeout 280 python3 /tests/check_kv.py; then
  echo 1 > /logs/verifier/reward.txt
fi
