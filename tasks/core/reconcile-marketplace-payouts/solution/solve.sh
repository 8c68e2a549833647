#!/bin/bash
# Reference pipeline (stdlib only): see reconcile.py.
set -e
cp /solution/reconcile.py /app/reconcile.py
