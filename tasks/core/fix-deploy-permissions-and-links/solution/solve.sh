#!/usr/bin/env bash
set -euo pipefail
cd /app/deploy
ln -sfn releases/v3 current
for r in releases/*/; do
  rm -f "${r}config.yml"
  ln -s ../../shared/config.yml "${r}config.yml"
done
find . -xtype l -delete
find . -type d -exec chmod 0755 {} +
find . -type f -exec chmod 0644 {} +
find . -type f -path '*/bin/*' -exec chmod 0755 {} +
chmod 0700 shared/secrets
chmod 0600 shared/secrets/*
