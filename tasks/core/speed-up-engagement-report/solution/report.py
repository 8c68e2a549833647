#!/usr/bin/env python3
"""Engagement report.

Usage: python3 report.py EVENTS_CSV USERS_CSV > report.txt

events.csv columns: user_id,session_id,event,ts
users.csv columns:  user_id,name,country
"""
import csv
import sys


def load_users(path):
    users = {}
    with open(path, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            # The first row for an id wins (as the original linear search did).
            users.setdefault(row["user_id"], {"id": row["user_id"], "name": row["name"], "country": row["country"]})
    return users


def load_events(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def main():
    events = load_events(sys.argv[1])
    users = load_users(sys.argv[2])

    seen = {}
    for e in events:
        seen.setdefault((e["user_id"], e["event"]), None)

    per_country = {}
    for uid, ev in seen:
        u = users.get(uid)
        country = u["country"] if u else "UNKNOWN"
        per_country[(country, ev)] = per_country.get((country, ev), 0) + 1

    sessions = {}
    for e in events:
        sessions.setdefault(e["user_id"], set()).add(e["session_id"])

    last_seen = {}
    for e in events:
        uid = e["user_id"]
        if uid not in last_seen or e["ts"] > last_seen[uid]:
            last_seen[uid] = e["ts"]

    ranking = sorted(sessions, key=lambda uid: -len(sessions[uid]))
    rank_of = {uid: i + 1 for i, uid in enumerate(ranking)}

    out = []
    out.append(f"events: {len(events)}")
    out.append(f"distinct user-event pairs: {len(seen)}")
    out.append("")
    out.append("country,event,users")
    for (country, ev) in sorted(per_country):
        out.append(f"{country},{ev},{per_country[(country, ev)]}")
    out.append("")
    out.append("rank,user_id,name,sessions,last_seen")
    for uid in sessions:
        u = users.get(uid)
        name = u["name"] if u else "?"
        out.append(f"{rank_of[uid]},{uid},{name},{len(sessions[uid])},{last_seen[uid]}")
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
