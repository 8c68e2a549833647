#!/usr/bin/env python3
"""Access-log aggregator.

Usage: python3 logagg.py ACCESS_LOG > report.txt

Each line looks like (combined log format plus a latency field in seconds):
  203.0.113.9 - alice [12/Mar/2024:10:15:32 +0000] "GET /api/items/123?x=1 HTTP/1.1" 200 5123 0.0342 "Mozilla/5.0"
Lines that do not match are counted as malformed and skipped.
"""
import math
import re
import sys
from datetime import datetime, timezone

LINE_RE = r'^(\S+) \S+ (\S+) \[([^\]]+)\] "(\S+) (\S+) (\S+)" (\d{3}) (\d+|-) (\d+\.\d+) "([^"]*)"$'
SESSION_GAP = 1800


def parse_line(line):
    m = re.match(LINE_RE, line)
    if not m:
        return None
    ip, user, ts, method, target, proto, status, size, latency, agent = m.groups()
    try:
        when = datetime.strptime(ts, "%d/%b/%Y:%H:%M:%S %z").astimezone(timezone.utc)
    except ValueError:
        return None
    return {
        "ip": ip,
        "user": None if user == "-" else user,
        "time": when,
        "method": method,
        "path": normalize(target),
        "status": int(status),
        "bytes": 0 if size == "-" else int(size),
        "latency": float(latency),
        "agent": agent,
    }


def normalize(target):
    path = target.split("?", 1)[0]
    parts = []
    for seg in path.split("/"):
        if seg.isdigit():
            parts.append(":id")
        else:
            parts.append(seg)
    return "/".join(parts)


def percentile(values, p):
    ordered = sorted(values)
    k = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[k - 1]


def main():
    with open(sys.argv[1], encoding="utf-8", errors="replace") as f:
        lines = f.read().split("\n")
    if lines and lines[-1] == "":
        lines.pop()

    records = []
    malformed = 0
    for i, line in enumerate(lines):
        rec = parse_line(line)
        if rec is None:
            malformed += 1
            continue
        rec["lineno"] = i + 1
        records.append(rec)

    out = []
    out.append("== totals")
    out.append(f"lines {len(lines)}")
    out.append(f"parsed {len(records)}")
    out.append(f"malformed {malformed}")
    out.append(f"bytes {sum(r['bytes'] for r in records)}")
    if records:
        first = min(r["time"] for r in records)
        last = max(r["time"] for r in records)
        out.append(f"first {first.isoformat()}")
        out.append(f"last {last.isoformat()}")

    out.append("== status")
    classes = {}
    codes = {}
    for r in records:
        c = f"{r['status'] // 100}xx"
        classes[c] = classes.get(c, 0) + 1
        codes[r["status"]] = codes.get(r["status"], 0) + 1
    for c in sorted(classes):
        out.append(f"{c} {classes[c]}")
    for code in sorted(codes):
        out.append(f"{code} {codes[code]}")

    out.append("== endpoints")
    out.append("path count err% p50 p95 p99 mean bytes")
    paths = []
    for r in records:
        if r["path"] not in paths:
            paths.append(r["path"])
    rows = []
    for p in paths:
        recs = [r for r in records if r["path"] == p]
        lats = [r["latency"] for r in recs]
        errors = len([r for r in recs if r["status"] >= 500])
        rows.append((p, len(recs), 100.0 * errors / len(recs), percentile(lats, 50), percentile(lats, 95),
                     percentile(lats, 99), sum(lats) / len(lats), sum(r["bytes"] for r in recs)))
    rows.sort(key=lambda row: (-row[1], row[0]))
    for p, n, err, p50, p95, p99, mean, nbytes in rows:
        out.append(f"{p} {n} {err:.2f} {p50:.4f} {p95:.4f} {p99:.4f} {mean:.4f} {nbytes}")

    out.append("== hours")
    out.append("hour requests unique_ips 5xx")
    hours = sorted(set(r["time"].strftime("%Y-%m-%d %H") for r in records))
    for h in hours:
        recs = [r for r in records if r["time"].strftime("%Y-%m-%d %H") == h]
        ips = []
        for r in recs:
            if r["ip"] not in ips:
                ips.append(r["ip"])
        out.append(f"{h} {len(recs)} {len(ips)} {len([r for r in recs if r['status'] >= 500])}")

    out.append("== top ips")
    all_ips = [r["ip"] for r in records]
    counts = {}
    for ip in all_ips:
        if ip not in counts:
            counts[ip] = all_ips.count(ip)
    for ip, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:20]:
        out.append(f"{ip} {n}")

    out.append("== sessions")
    visitors = []
    for r in records:
        key = (r["ip"], r["agent"])
        if key not in visitors:
            visitors.append(key)
    sessions = []
    for key in visitors:
        times = sorted(r["time"] for r in records if (r["ip"], r["agent"]) == key)
        length = 1
        for a, b in zip(times, times[1:]):
            if (b - a).total_seconds() > SESSION_GAP:
                sessions.append((length, key))
                length = 1
            else:
                length += 1
        sessions.append((length, key))
    out.append(f"visitors {len(visitors)}")
    out.append(f"sessions {len(sessions)}")
    if sessions:
        out.append(f"mean_length {sum(s[0] for s in sessions) / len(sessions):.3f}")
        longest = max(s[0] for s in sessions)
        who = sorted(s[1][0] for s in sessions if s[0] == longest)[0]
        out.append(f"longest {longest} {who}")

    out.append("== slowest")
    slow = sorted(records, key=lambda r: (-r["latency"], r["lineno"]))[:10]
    for r in slow:
        out.append(f"{r['lineno']} {r['method']} {r['path']} {r['latency']:.4f}")

    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
