#!/bin/bash
python3 -c "import urllib.request; print(urllib.request.urlopen('http://echo:8000/hostname').read().decode())" > /app/answer.txt
