#!/usr/bin/env bash
# Builds the messy deploy tree at image build time.
set -euo pipefail
D=/app/deploy
mkdir -p $D/releases/v1/bin $D/releases/v1/static/css $D/releases/v2/bin $D/releases/v3/bin \
         $D/releases/v3/lib $D/releases/v3/logs $D/shared/secrets
cd $D
printf 'db_host: db.internal\npool: 8\n' > shared/config.yml
printf 's3cr3t-db-key\n' > shared/secrets/db.key
printf 'tok_9f8e7d\n' > shared/secrets/api.token
for v in v1 v2 v3; do
  printf '#!/bin/sh\necho starting %s\n' $v > releases/$v/bin/start
  printf 'print("app %s")\n' $v > releases/$v/app.py
done
printf '#!/bin/sh\necho stopping\n' > releases/v1/bin/stop
printf '#!/bin/sh\necho migrating\n' > releases/v3/bin/migrate
printf 'body { color: #333; }\n' > releases/v1/static/css/site.css
printf 'Release one.\n' > releases/v1/README
printf 'def util(): pass\n' > releases/v3/lib/util.py
# config links: v1 has a stale regular copy, v2 an absolute link, v3 a broken relative link
printf 'db_host: old-db\n' > releases/v1/config.yml
ln -s /app/deploy/shared/config.yml releases/v2/config.yml
ln -s ../shared/config.yml releases/v3/config.yml
# other links
ln -s releases/v4 current
ln -s releases/v0 previous
ln -s /var/log/app/latest.log releases/v3/logs/latest
ln -s ../v1/static releases/v3/static
ln -s ../bin/start releases/v2/bin/run
# messy permissions
chmod 777 releases releases/v1 shared/secrets
chmod 700 releases/v2 releases/v3/lib
chmod 750 releases/v3 releases/v1/static/css
chmod 644 releases/v1/bin/start releases/v3/bin/migrate
chmod 600 releases/v2/bin/start
chmod 777 releases/v3/bin/start releases/v1/app.py
chmod 666 shared/secrets/db.key
chmod 644 shared/secrets/api.token
chmod 640 releases/v3/lib/util.py releases/v1/README
chmod 4755 releases/v1/bin/stop
chmod 400 shared/config.yml
chmod 711 releases/v1/bin
