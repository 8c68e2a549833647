#!/usr/bin/env python3
"""Engagement report.

Usage: python3 report.py EVENTS_CSV USERS_CSV > report.txt

events.csv columns: user_id,session_id,event,ts
users.csv columns:  user_id,name,country
"""
import csv
import sys


def load_users(path):
    users = []
    with open(path, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            users.append({"id": row["user_id"], "name": row["name"], "country": row["country"]})
    return users


def load_events(path):
    events = []
    with open(path, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            events.append(row)
    return events


def find_user(users, uid):
    for u in users:
        if u["id"] == uid:
            return u
    return None


def main():
    events = load_events(sys.argv[1])
    users = load_users(sys.argv[2])

    # Distinct (user, event) pairs, in order of first appearance.
    seen = []
    for e in events:
        key = (e["user_id"], e["event"])
        if key not in seen:
            seen.append(key)

    # Distinct users per (country, event).
    per_country = {}
    for uid, ev in seen:
        u = find_user(users, uid)
        country = u["country"] if u else "UNKNOWN"
        per_country[(country, ev)] = per_country.get((country, ev), 0) + 1

    # Distinct sessions per user, users in order of first appearance.
    sessions = {}
    for e in events:
        lst = sessions.setdefault(e["user_id"], [])
        if e["session_id"] not in lst:
            lst.append(e["session_id"])

    # Latest timestamp per user (ISO strings compare correctly).
    last_seen = {}
    for e in events:
        if e["user_id"] not in last_seen or e["ts"] > last_seen[e["user_id"]]:
            last_seen[e["user_id"]] = e["ts"]

    # Rank users by session count (desc), ties keep first-appearance order.
    ranking = sorted(sessions, key=lambda uid: -len(sessions[uid]))

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
        rank = ranking.index(uid) + 1
        u = find_user(users, uid)
        name = u["name"] if u else "?"
        out.append(f"{rank},{uid},{name},{len(sessions[uid])},{last_seen[uid]}")
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
