"""Seeded access-log generator (hidden from the agent)."""
import random
from datetime import datetime, timedelta, timezone

AGENTS = ["Mozilla/5.0 (X11; Linux x86_64)", "Mozilla/5.0 (Macintosh)", "curl/8.4.0", "python-requests/2.31",
          "Googlebot/2.1", "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0)", "Wget/1.21"]
USERS = ["-", "-", "-", "alice", "bob", "carol", "dave"]
METHODS = ["GET"] * 8 + ["POST", "PUT", "DELETE"]
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def make_paths(rng, n):
    roots = ["api", "static", "user", "shop", "blog", "admin", "v2"]
    words = ["items", "orders", "cart", "search", "img", "css", "js", "profile", "posts", "tags", "stats", "login"]
    paths = set()
    while len(paths) < n:
        segs = [rng.choice(roots)]
        for _ in range(rng.randint(1, 3)):
            segs.append(rng.choice(words) if rng.random() < 0.7 else "{id}")
        paths.add("/" + "/".join(segs))
    return sorted(paths)


def write(path, n_lines, seed, n_paths=300, n_ips=3000, malformed=0.01, offsets=True, hours=48):
    rng = random.Random(seed)
    paths = make_paths(rng, n_paths)
    weights = [1.0 / (i + 1) ** 0.8 for i in range(len(paths))]
    ips = [f"{rng.randint(1, 223)}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
           for _ in range(n_ips)]
    ip_w = [1.0 / (i + 1) ** 0.6 for i in range(len(ips))]
    start = datetime(2024, 3, 10, 22, 0, 0, tzinfo=timezone.utc)
    t = 0.0
    span = hours * 3600
    step = span / max(1, n_lines)
    with open(path, "w", encoding="utf-8") as f:
        for i in range(n_lines):
            t += rng.expovariate(1.0 / step)
            jitter = rng.uniform(-120, 120) if rng.random() < 0.1 else 0
            when = start + timedelta(seconds=int(t + jitter))
            if rng.random() < malformed:
                f.write(rng.choice([
                    "garbage line without structure",
                    f'{rng.choice(ips)} - - [{when.strftime("%d/%b/%Y:%H:%M:%S")} +0000] "GET /x HTTP/1.1" 200',
                    f'{rng.choice(ips)} - - [99/Foo/2024:10:00:00 +0000] "GET /x HTTP/1.1" 200 10 0.0100 "-"',
                    "",
                ]) + "\n")
                continue
            off_min = rng.choice([0, 0, 0, 60, -300, 330, 120]) if offsets else 0
            local = when + timedelta(minutes=off_min)
            sign = "+" if off_min >= 0 else "-"
            tz = f"{sign}{abs(off_min) // 60:02d}{abs(off_min) % 60:02d}"
            ts = f"{local.day:02d}/{MONTHS[local.month - 1]}/{local.year}:{local.strftime('%H:%M:%S')} {tz}"
            p = rng.choices(paths, weights)[0]
            p = p.replace("{id}", str(rng.randint(1, 99999)))
            if rng.random() < 0.3:
                p += f"?q={rng.randint(1, 999)}&page={rng.randint(1, 9)}"
            status = rng.choices([200, 201, 204, 301, 304, 400, 401, 403, 404, 500, 502, 503],
                                 [60, 5, 3, 3, 8, 3, 2, 1, 8, 3, 2, 2])[0]
            size = "-" if status in (204, 304) else str(rng.randint(0, 200000))
            lat = rng.lognormvariate(-3.5, 1.0) + (0.5 if status >= 500 else 0)
            f.write(f'{rng.choices(ips, ip_w)[0]} - {rng.choice(USERS)} [{ts}] "{rng.choice(METHODS)} {p} HTTP/1.1" '
                    f'{status} {size} {lat:.4f} "{rng.choice(AGENTS)}"\n')
