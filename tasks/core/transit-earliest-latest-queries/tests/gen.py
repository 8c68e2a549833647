import random

TIME_LIMIT_SEC = 10.0
REF_EXPECTED_SEC = 0.5
CASES = ["tiny", "small_1", "small_2", "small_3", "small_dense", "small_periodic", "medium",
         "big_random", "big_grid", "big_chain", "big_sparse_windows"]


def fmt(n, tr, conns, qs):
    lines = [f"{n} {len(conns)} {len(qs)}", " ".join(map(str, tr))]
    lines += [" ".join(map(str, c)) for c in conns]
    lines += [f"{k} {s} {t} {x}" for k, s, t, x in qs]
    return "\n".join(lines) + "\n"


def rand_conn(rng, u, v, tmax, pmax, dmax, all_day=0.0):
    period = rng.randint(1, pmax)
    if rng.random() < all_day:
        first = rng.randint(0, min(period, tmax))
        last = first + period * ((2 * tmax - first) // period) - period * rng.randint(0, 3)
        last = max(first, last)
    else:
        first = rng.randint(0, tmax)
        last = first + period * rng.randint(0, max(0, (tmax - first) // period))
    return (u, v, first, last, period, rng.randint(1, dmax))


def random_case(rng, n, m, q, tmax, pmax, dmax, trmax, qmax=None, all_day=0.3):
    tr = [rng.randint(0, trmax) for _ in range(n)]
    conns = []
    for _ in range(m):
        u = rng.randint(1, n)
        v = rng.randint(1, n)
        while v == u and n > 1:
            v = rng.randint(1, n)
        conns.append(rand_conn(rng, u, v, tmax, pmax, dmax, all_day))
    qs = []
    for _ in range(q):
        s, t = rng.randint(1, n), rng.randint(1, n)
        if rng.random() < 0.05:
            t = s
        if rng.random() < 0.5:
            qs.append(("E", s, t, rng.randint(0, qmax or tmax)))
        else:
            qs.append(("L", s, t, rng.randint(0, 2 * (qmax or tmax))))
    return fmt(n, tr, conns, qs)


def make(name):
    rng = random.Random("transit-" + name)
    if name == "tiny":
        tr = [0, 2, 0, 1]
        conns = [(1, 2, 0, 100, 10, 5), (2, 3, 3, 63, 6, 4), (1, 3, 7, 7, 1, 30), (3, 4, 20, 20, 1, 1),
                 (2, 4, 0, 1000, 25, 40)]
        qs = [("E", 1, 3, 0), ("E", 1, 3, 1), ("E", 1, 4, 0), ("E", 1, 4, 11), ("E", 4, 1, 0),
              ("E", 2, 2, 17), ("L", 1, 3, 40), ("L", 1, 4, 21), ("L", 1, 4, 20), ("L", 1, 3, 13),
              ("L", 4, 1, 100), ("L", 3, 3, 5), ("E", 1, 3, 101)]
        return fmt(4, tr, conns, qs)
    if name.startswith("small_"):
        if name == "small_dense":
            return random_case(rng, 8, 80, 300, 120, 15, 20, 6)
        if name == "small_periodic":
            return random_case(rng, 12, 40, 300, 60, 4, 8, 3)
        return random_case(rng, rng.randint(5, 15), rng.randint(10, 40), 300, 150, 25, 30, 10)
    if name == "medium":
        return random_case(rng, 2000, 8000, 10, 10**6, 5000, 20000, 300, all_day=0.7)
    if name == "big_random":
        return random_case(rng, 100000, 200000, 10, 10**8, 10**4, 10**5, 10**3, qmax=10**7, all_day=0.85)
    if name == "big_grid":
        w, h = 400, 250
        n = w * h
        tr = [rng.randint(0, 50) for _ in range(n)]
        conns = []
        for y in range(h):
            for x in range(w):
                u = y * w + x + 1
                if x + 1 < w:
                    conns.append(rand_conn(rng, u, u + 1, 1000, 30, 40))
                if y + 1 < h:
                    conns.append(rand_conn(rng, u, u + w, 1000, 30, 40))
                if rng.random() < 0.05:
                    conns.append((u, rng.randint(1, n), 0, 10**9, rng.randint(50, 500), rng.randint(1, 100)))
        conns = [(u, v, f, l + 10**8 // p * p if rng.random() < 0.7 else l, p, d) for u, v, f, l, p, d in conns]
        qs = [(rng.choice("EL"), rng.randint(1, 100), rng.randint(n - 100, n), rng.choice([0, 5000, 10**5]))
              for _ in range(10)]
        return fmt(n, tr, conns, qs)
    if name == "big_chain":
        n = 100000
        tr = [rng.randint(0, 3) for _ in range(n)]
        conns = []
        for i in range(1, n):
            conns.append((i, i + 1, rng.randint(0, 50), 10**9, rng.randint(1, 60), rng.randint(1, 10)))
            if rng.random() < 0.5:
                conns.append((i + 1, i, 0, 10**9, 1000, 5))
            if i + 100 <= n and rng.random() < 0.1:
                conns.append((i, i + 100, rng.randint(0, 10**6), 10**9, rng.randint(10**4, 10**5), 900))
        qs = [("E", 1, n, 0), ("L", 1, n, 10**9), ("E", 5, n - 3, 12345), ("L", 7, n // 2, 5 * 10**8),
              ("E", n, 1, 0), ("L", n, 1, 10**9), ("E", 1, n, 10**9), ("L", 1, n, 1000),
              ("E", 3, 99999, 777), ("L", 2, 3, 10**9)]
        return fmt(n, tr, conns, qs)
    if name == "big_sparse_windows":
        return random_case(rng, 100000, 250000, 10, 10**7, 100, 10**5, 1000, qmax=2 * 10**6, all_day=0.5)
    raise KeyError(name)
