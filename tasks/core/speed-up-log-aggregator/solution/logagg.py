#!/usr/bin/env python3
"""Access-log aggregator (streaming, single pass, same output as the original).

Usage: python3 logagg.py ACCESS_LOG > report.txt
"""
import heapq
import math
import re
import sys
from datetime import datetime, timezone

LINE_RE = re.compile(r'^(\S+) \S+ (\S+) \[([^\]]+)\] "(\S+) (\S+) (\S+)" (\d{3}) (\d+|-) (\d+\.\d+) "([^"]*)"$')
FAST_TS = re.compile(r"(\d\d/[A-Z][a-z][a-z]/\d{4}):(\d\d):(\d\d):(\d\d) ([+-])(\d\d)(\d\d)$")
SESSION_GAP = 1800
EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)

_day_cache = {}


def day_seconds(date_str):
    """Seconds since the epoch of midnight (as if UTC) of a dd/Mon/yyyy date, or None if invalid."""
    v = _day_cache.get(date_str, False)
    if v is False:
        try:
            d = datetime.strptime(date_str, "%d/%b/%Y")
            v = (d.toordinal() - 719163) * 86400
        except ValueError:
            v = None
        _day_cache[date_str] = v
    return v


def parse_time(ts):
    """Epoch seconds (UTC) for a log timestamp, with the exact acceptance rules of strptime."""
    m = FAST_TS.match(ts)
    if m:
        date_str, hh, mm, ss, sign, oh, om = m.groups()
        h, mi, s, oh, om = int(hh), int(mm), int(ss), int(oh), int(om)
        base = day_seconds(date_str)
        if base is not None and h < 24 and mi < 60 and s < 60 and om < 60:
            off = (oh * 60 + om) * 60
            return base + h * 3600 + mi * 60 + s - (off if sign == "+" else -off)
    try:
        when = datetime.strptime(ts, "%d/%b/%Y:%H:%M:%S %z")
    except ValueError:
        return None
    return int((when - EPOCH).total_seconds())


def normalize(target, cache={}):
    r = cache.get(target)
    if r is None:
        path = target.split("?", 1)[0]
        r = "/".join(":id" if seg.isdigit() else seg for seg in path.split("/"))
        cache[target] = r
    return r


def iso(epoch):
    return datetime.fromtimestamp(epoch, timezone.utc).isoformat()


def percentile_sorted(ordered, p):
    k = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[k - 1]


def main():
    n_lines = 0
    malformed = 0
    parsed = 0
    total_bytes = 0
    first = last = None
    classes = {}
    codes = {}
    ep_lats = {}        # path -> latencies in file order
    ep_err = {}
    ep_bytes = {}
    hour_req = {}       # epoch hour -> [requests, set of ips, 5xx]
    ip_counts = {}
    visitors = {}       # (ip, agent) -> list of epoch times
    slow = []           # heap of the 10 slowest: (latency, -lineno, method, path)
    match = LINE_RE.match

    with open(sys.argv[1], encoding="utf-8", errors="replace") as f:
        for line in f:
            n_lines += 1
            if line.endswith("\n"):
                line = line[:-1]
            m = match(line)
            if not m:
                malformed += 1
                continue
            ip, user, ts, method, target, proto, status, size, latency, agent = m.groups()
            t = parse_time(ts)
            if t is None:
                malformed += 1
                continue
            parsed += 1
            status = int(status)
            nbytes = 0 if size == "-" else int(size)
            lat = float(latency)
            path = normalize(target)
            total_bytes += nbytes
            if first is None or t < first:
                first = t
            if last is None or t > last:
                last = t
            c = status // 100
            classes[c] = classes.get(c, 0) + 1
            codes[status] = codes.get(status, 0) + 1
            lats = ep_lats.get(path)
            if lats is None:
                ep_lats[path] = [lat]
                ep_err[path] = 0
                ep_bytes[path] = 0
            else:
                lats.append(lat)
            if status >= 500:
                ep_err[path] += 1
            ep_bytes[path] += nbytes
            h = t // 3600
            hr = hour_req.get(h)
            if hr is None:
                hr = hour_req[h] = [0, set(), 0]
            hr[0] += 1
            hr[1].add(ip)
            if status >= 500:
                hr[2] += 1
            ip_counts[ip] = ip_counts.get(ip, 0) + 1
            key = (ip, agent)
            vt = visitors.get(key)
            if vt is None:
                visitors[key] = [t]
            else:
                vt.append(t)
            item = (lat, -n_lines, method, path)
            if len(slow) < 10:
                heapq.heappush(slow, item)
            elif item > slow[0]:
                heapq.heapreplace(slow, item)

    out = []
    out.append("== totals")
    out.append(f"lines {n_lines}")
    out.append(f"parsed {parsed}")
    out.append(f"malformed {malformed}")
    out.append(f"bytes {total_bytes}")
    if parsed:
        out.append(f"first {iso(first)}")
        out.append(f"last {iso(last)}")

    out.append("== status")
    for c in sorted(classes, key=lambda c: f"{c}xx"):
        out.append(f"{c}xx {classes[c]}")
    for code in sorted(codes):
        out.append(f"{code} {codes[code]}")

    out.append("== endpoints")
    out.append("path count err% p50 p95 p99 mean bytes")
    rows = []
    for p, lats in ep_lats.items():
        ordered = sorted(lats)
        n = len(lats)
        rows.append((p, n, 100.0 * ep_err[p] / n, percentile_sorted(ordered, 50), percentile_sorted(ordered, 95),
                     percentile_sorted(ordered, 99), sum(lats) / n, ep_bytes[p]))
    rows.sort(key=lambda row: (-row[1], row[0]))
    for p, n, err, p50, p95, p99, mean, nbytes in rows:
        out.append(f"{p} {n} {err:.2f} {p50:.4f} {p95:.4f} {p99:.4f} {mean:.4f} {nbytes}")

    out.append("== hours")
    out.append("hour requests unique_ips 5xx")
    for h in sorted(hour_req):
        n, ips, errs = hour_req[h]
        label = datetime.fromtimestamp(h * 3600, timezone.utc).strftime("%Y-%m-%d %H")
        out.append(f"{label} {n} {len(ips)} {errs}")

    out.append("== top ips")
    for ip, n in sorted(ip_counts.items(), key=lambda kv: (-kv[1], kv[0]))[:20]:
        out.append(f"{ip} {n}")

    out.append("== sessions")
    n_sessions = 0
    total_len = 0
    longest = 0
    who = None
    for (ip, agent), times in visitors.items():
        times.sort()
        length = 1
        prev = times[0]
        lengths = []
        for t in times[1:]:
            if t - prev > SESSION_GAP:
                lengths.append(length)
                length = 1
            else:
                length += 1
            prev = t
        lengths.append(length)
        n_sessions += len(lengths)
        total_len += sum(lengths)
        mx = max(lengths)
        if mx > longest or (mx == longest and ip < who):
            longest, who = mx, ip
    out.append(f"visitors {len(visitors)}")
    out.append(f"sessions {n_sessions}")
    if n_sessions:
        out.append(f"mean_length {total_len / n_sessions:.3f}")
        out.append(f"longest {longest} {who}")

    out.append("== slowest")
    for lat, neg_line, method, path in sorted(slow, key=lambda x: (-x[0], -x[1])):
        out.append(f"{-neg_line} {method} {path} {lat:.4f}")

    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
