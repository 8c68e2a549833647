"""Synthetic support-ticket routing data (a fixed "world", sampled with any seed).

make(n, seed) -> (rows, labels): rows are dicts of CSV strings (no label), labels the team.
The world (vocabulary, product effects) is fixed by WORLD_SEED, so every sample comes from
the same distribution; only the rows differ with the seed.
"""
import csv
import io
import math

import numpy as np

WORLD_SEED = 20261203
TEAMS = ["billing", "infra", "security", "app", "onboarding", "data"]
REGIONS = ["us-east", "us-west", "eu-west", "eu-central", "ap-south", "ap-east", "sa-east", "af-south"]
TIERS = ["free", "pro", "enterprise"]
COLUMNS = ["ticket_id", "created_at", "tier", "region", "product", "account_age_days",
           "prev_tickets", "failed_payments_30d", "seats", "latency_p95_ms", "error_rate",
           "login_failures_24h", "attachment_kb", "subject"]
T0 = 1767225600  # 2026-01-01T00:00:00Z


def _world():
    w = np.random.default_rng(WORLD_SEED)
    syll = ["ka", "lo", "mi", "ter", "van", "qui", "zo", "pel", "rus", "den", "ab", "ix", "or",
            "sul", "ne", "tam", "bri", "gos", "he", "ul"]
    words = set()
    while len(words) < 420:
        words.add("".join(w.choice(syll, size=w.integers(2, 4))))
    words = sorted(words)
    w.shuffle(words)
    sig = {t: words[i * 14:(i + 1) * 14] for i, t in enumerate(TEAMS)}
    general = words[6 * 14:]
    prod_effect = w.normal(0.0, 0.9, size=(300, len(TEAMS)))
    prod_effect[w.random(300) < 0.5] *= 0.2
    return sig, general, prod_effect


SIG, GENERAL, PROD_EFFECT = _world()


def make(n, seed):
    r = np.random.default_rng(seed)
    K = len(TEAMS)
    ts = T0 + r.integers(0, 181 * 86400, size=n)
    # more tickets by day: resample a share of the hours into 8..18 UTC
    day = r.random(n) < 0.55
    ts = np.where(day, ts - (ts % 86400) + r.integers(8 * 3600, 18 * 3600, size=n), ts)
    hour = (ts % 86400) // 3600
    tier = r.choice(3, size=n, p=[0.55, 0.31, 0.14])
    region = r.integers(0, len(REGIONS), size=n)
    product = r.integers(0, 300, size=n)
    line = product // 50
    age = np.exp(r.normal(5.0, 1.4, size=n)).astype(int)
    prev = r.poisson(np.log1p(age) * 0.9)
    fp = r.poisson(0.25 + 0.25 * (tier == 0), size=n)
    seats = np.maximum(1, np.exp(r.normal(1.0 + 1.2 * tier, 1.0, size=n))).astype(int)
    lat = np.exp(r.normal(5.9, 0.8, size=n))
    err = r.beta(1.2, 30, size=n)
    err = np.where(r.random(n) < 0.15, err + r.beta(2, 12, size=n), err)
    logf = np.where(r.random(n) < 0.12, r.poisson(6, size=n), r.poisson(0.6, size=n))
    att = np.where(r.random(n) < 0.4, np.exp(r.normal(6.5, 1.5, size=n)), 0.0)

    s = np.zeros((n, K))
    s[:] = [0.3, 0.2, -0.6, 0.4, -0.4, -0.7]
    bi, inf, sec, app, onb, dat = range(K)
    s[:, bi] += 1.6 * (fp >= 1) + 1.0 * (fp >= 2) + 2.2 * ((tier == 0) & (seats > 6)) \
        - 1.2 * ((tier == 2) & (fp == 0))
    s[:, inf] += 2.4 * ((lat > 700) & (err > 0.05)) + 1.5 * (np.isin(line, [1, 4]) & (lat > 1100)) \
        - 0.8 * (lat < 250)
    night = (hour < 6) | (hour >= 22)
    s[:, sec] += 2.3 * ((logf >= 4) & night) + 1.8 * (np.isin(region, [5, 6]) & (logf >= 3)) \
        + 0.6 * (logf >= 8)
    s[:, app] += 2.0 * ((err > 0.08) & (lat < 450)) - 0.8 * (tier == 2)
    s[:, onb] += 2.4 * (age < 21) + 1.3 * ((prev == 0) & (age < 90)) - 1.0 * (age > 700)
    s[:, dat] += 2.6 * (line == 5) + 1.9 * ((att > 1500) & np.isin(line, [2, 3])) \
        + 0.8 * ((tier == 2) & (seats > 60))
    s += PROD_EFFECT[product]
    p = np.exp(1.6 * s - (1.6 * s).max(1, keepdims=True))
    p /= p.sum(1, keepdims=True)
    y = (p.cumsum(1) > r.random((n, 1))).argmax(1)

    rows = []
    ids = r.permutation(np.arange(100000, 100000 + 3 * n))[:n]
    for i in range(n):
        k = y[i]
        toks = []
        for _ in range(r.integers(3, 9)):
            u = r.random()
            if u < 0.13:
                toks.append(SIG[TEAMS[k]][r.integers(14)])
            elif u < 0.25:
                toks.append(SIG[TEAMS[r.integers(K)]][r.integers(14)])
            else:
                toks.append(GENERAL[r.integers(len(GENERAL))])
        toks = [t.upper() if r.random() < 0.08 else t for t in toks]
        if r.random() < 0.8:
            created = _iso(int(ts[i]), r)
        else:
            created = str(int(ts[i]))
        reg = REGIONS[region[i]]
        if r.random() < 0.07:
            reg = reg.upper() if r.random() < 0.5 else " " + reg.replace("-", "_")
        rows.append({
            "ticket_id": f"T{ids[i]}",
            "created_at": created,
            "tier": "" if r.random() < 0.04 else TIERS[tier[i]],
            "region": reg,
            "product": f"P{product[i]:03d}" if r.random() < 0.9 else f"p-{product[i]}",
            "account_age_days": "" if r.random() < 0.08 else str(age[i]),
            "prev_tickets": str(prev[i]),
            "failed_payments_30d": str(fp[i]),
            "seats": str(seats[i]),
            "latency_p95_ms": "" if r.random() < 0.10 else f"{lat[i]:.1f}",
            "error_rate": "" if r.random() < 0.05 else f"{err[i]:.4f}",
            "login_failures_24h": "" if r.random() < 0.05 else str(logf[i]),
            "attachment_kb": f"{att[i]:.0f}",
            "subject": " ".join(toks),
        })
    return rows, [TEAMS[k] for k in y]


def _iso(t, r):
    import datetime as dt
    d = dt.datetime.fromtimestamp(t, dt.timezone.utc)
    if r.random() < 0.5:
        return d.strftime("%Y-%m-%dT%H:%M:%SZ")
    off = int(r.choice([-5, -3, 1, 2, 5, 9]))
    d2 = d.astimezone(dt.timezone(dt.timedelta(hours=off)))
    return d2.isoformat(timespec="seconds")


def to_csv(rows, labels=None):
    out = io.StringIO()
    cols = COLUMNS + (["team"] if labels is not None else [])
    wr = csv.writer(out, lineterminator="\n")
    wr.writerow(cols)
    for i, row in enumerate(rows):
        vals = [row[c] for c in COLUMNS]
        if labels is not None:
            vals.append(labels[i])
        wr.writerow(vals)
    return out.getvalue()


if __name__ == "__main__":
    import sys
    n, seed = int(sys.argv[1]), int(sys.argv[2])
    rows, labels = make(n, seed)
    sys.stdout.write(to_csv(rows, labels))
