#!/usr/bin/env bash
printf 'hello, horizon\n' > /app/greeting.txt
