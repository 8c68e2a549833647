#!/usr/bin/env bash
set -u
usage() { echo "usage: rotate.sh DIR KEEP" >&2; exit 2; }
[ $# -eq 2 ] || usage
dir=$1 keep=$2
[ -d "$dir" ] || { echo "rotate.sh: not a directory: $dir" >&2; exit 2; }
[[ $keep =~ ^[0-9]+$ ]] && [ "$((10#$keep))" -ge 1 ] || { echo "rotate.sh: KEEP must be a positive integer" >&2; exit 2; }
keep=$((10#$keep))
shopt -s nullglob
for log in "$dir"/*.log; do
  [ -f "$log" ] && [ ! -L "$log" ] || continue
  [ -s "$log" ] || continue
  for arch in "$log".*.gz; do
    n=${arch#"$log".}; n=${n%.gz}
    if [[ $n =~ ^[0-9]+$ ]] && [ "$((10#$n))" -ge 1 ] && [ "$((10#$n))" -ge "$keep" ]; then rm -f -- "$arch"; fi
  done
  for ((n = keep - 1; n >= 1; n--)); do
    if [ -e "$log.$n.gz" ]; then mv -f -- "$log.$n.gz" "$log.$((n + 1)).gz"; fi
  done
  gzip -c -- "$log" > "$log.1.gz" || exit 1
  : > "$log"
done
exit 0
