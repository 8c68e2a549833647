#!/bin/bash
set -e
cd /app
rm -rf tabrep/formats
cp -r /solution/formats tabrep/formats
cp /solution/cli.py tabrep/cli.py
