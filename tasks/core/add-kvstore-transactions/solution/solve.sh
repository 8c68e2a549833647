#!/bin/bash
set -e
cd /app
cp /solution/tinykv/*.py tinykv/
