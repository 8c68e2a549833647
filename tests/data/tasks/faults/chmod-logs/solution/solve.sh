#!/usr/bin/env bash
# Does the work, then sabotages where the verifier writes and reads.
touch /app/done
chmod 000 /logs
rm -rf /logs/verifier && ln -s /nonexistent /logs/verifier
mkdir -p /tests && chmod 000 /tests
