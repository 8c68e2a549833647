"""Generate a benchmark database: python3 gen_data.py OUT_DIR [SEED] [SCALE]"""
import csv
import os
import random
import sys

CITIES = ["Oslo", "Lima", "Pune", "Kyiv", "Rome", "Doha", "Nice", "Bonn", "Cork", "Riga", "Graz", "Baku"]
SEGMENTS = ["retail", "smb", "enterprise", "edu", None]
CATEGORIES = ["toys", "books", "garden", "audio", "tools", "food", "games", "sports"]
STATUSES = ["new", "paid", "shipped", "returned", "cancelled"]
KINDS = ["view", "click", "search", "cart", "error", "login"]
WORDS = ["alpha", "beta", "gamma", "delta", "omega", "sigma", "kappa", "zeta", "theta", "lambda"]


def write(path, header, rows):
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(header)
        for r in rows:
            w.writerow(["" if v is None else v for v in r])


def generate(out, seed=1, scale=1.0):
    rng = random.Random(seed)
    os.makedirs(out, exist_ok=True)
    n_c, n_p, n_o, n_e = int(200 * scale), int(150 * scale), int(2500 * scale), int(40000 * scale)
    write(os.path.join(out, "customers.csv"), ["id:int", "name:text", "city:text", "segment:text", "credit:float"],
          [[i, f"{rng.choice(WORDS).title()} {rng.choice(WORDS)}{i % 97}", rng.choice(CITIES),
            rng.choice(SEGMENTS), None if rng.random() < 0.05 else round(rng.uniform(-500, 5000), 2)]
           for i in range(1, n_c + 1)])
    write(os.path.join(out, "products.csv"), ["id:int", "name:text", "category:text", "price:float"],
          [[i, f"{rng.choice(WORDS)}-{rng.choice(WORDS)}-{i}", rng.choice(CATEGORIES),
            round(rng.uniform(1, 300), 2)] for i in range(1, n_p + 1)])
    write(os.path.join(out, "orders.csv"),
          ["id:int", "customer_id:int", "product_id:int", "qty:int", "discount:float", "status:text", "day:int"],
          [[i, rng.randint(1, n_c + 20) if rng.random() > 0.01 else None, rng.randint(1, n_p),
            rng.randint(1, 20), rng.choice([0, 0, 0, 0.05, 0.1, 0.25, None]), rng.choice(STATUSES),
            rng.randint(1, 365)] for i in range(1, n_o + 1)])
    write(os.path.join(out, "events.csv"),
          ["id:int", "customer_id:int", "kind:text", "payload:text", "score:float", "ts:int"],
          [[i, rng.randint(1, n_c), rng.choice(KINDS),
            " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 6))) if rng.random() > 0.02 else None,
            None if rng.random() < 0.1 else round(rng.gauss(50, 20), 3), rng.randint(0, 10**6)]
           for i in range(1, n_e + 1)])


if __name__ == "__main__":
    generate(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 1,
             float(sys.argv[3]) if len(sys.argv) > 3 else 1.0)
