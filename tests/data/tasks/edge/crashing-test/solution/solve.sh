#!/usr/bin/env bash
echo done > /app/out.txt
