"""Seeded input generator for the engagement report (hidden from the agent)."""
import csv
import random

EVENTS = ["view", "click", "search", "add_to_cart", "purchase", "share", "login", "logout"]
COUNTRIES = ["US", "DE", "FR", "JP", "BR", "IN", "GB", "CA", "ES", "IT"]
NAMES = ["Ana", "Bo", "Chen", "Dana", "Émile", "Farah", "Gus", "Hana", "Ivo", "Jürgen", "Kai", "Lena"]


def write(dirpath, n_users, n_events, seed, dup_users=0, unknown_frac=0.02, heavy=0):
    rng = random.Random(seed)
    uids = [f"u{rng.randrange(10**7):07d}" for _ in range(n_users)]
    with open(f"{dirpath}/users.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["user_id", "name", "country"])
        rows = [[u, f"{rng.choice(NAMES)} {rng.choice(NAMES)[0]}.", rng.choice(COUNTRIES)] for u in uids]
        for _ in range(dup_users):
            u = rng.choice(uids)
            rows.append([u, f"Dup {rng.choice(NAMES)}", rng.choice(COUNTRIES)])
        rng.shuffle(rows)
        w.writerows(rows)
    heavy_users = uids[:heavy]
    with open(f"{dirpath}/events.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["user_id", "session_id", "event", "ts"])
        for i in range(n_events):
            if heavy_users and rng.random() < 0.3:
                u = rng.choice(heavy_users)
                s = f"s{rng.randrange(10**6)}"
            else:
                u = rng.choice(uids) if rng.random() > unknown_frac else f"x{rng.randrange(1000):04d}"
                s = f"s{rng.randrange(10**6)}" if rng.random() < 0.5 else f"s{hash(u) % 997}"
            ts = f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}T{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}"
            w.writerow([u, s, rng.choice(EVENTS), ts])
