#!/bin/bash
python3 -c "import os, urllib.request; print(urllib.request.urlopen(os.environ['SERVICE_URL'] + '/token.txt').read().decode().strip())" > /app/token.txt
