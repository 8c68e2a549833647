import random

TIME_LIMIT_SEC = 10.0
REF_EXPECTED_SEC = 0.6
CASES = ["tiny", "single", "points", "nested", "identical", "small_random", "small_coords",
         "extremes", "big_random", "big_clustered", "big_short"]
MAXC = 10**9


def fmt(iv, qs):
    lines = [f"{len(iv)} {len(qs)}"]
    lines += [f"{l} {r}" for l, r in iv]
    lines += [f"{k} {x} {y}" for k, x, y in qs]
    return "\n".join(lines) + "\n"


def rand_iv(rng, lo, hi, maxlen=None):
    a = rng.randint(lo, hi)
    if maxlen is None:
        b = rng.randint(lo, hi)
    else:
        b = min(hi, a + rng.randint(0, maxlen))
    return (min(a, b), max(a, b))


def rand_q(rng, lo, hi, maxlen=None, from_iv=None):
    k = rng.choice("COS")
    if from_iv and rng.random() < 0.3:
        l, r = rng.choice(from_iv)
        x, y = rng.choice([(l, r), (l, l), (r, r), (max(lo, l - 1), min(hi, r + 1))])
        return (k, x, y)
    x, y = rand_iv(rng, lo, hi, maxlen)
    return (k, x, y)


def make(name):
    rng = random.Random("intervals-" + name)
    if name == "tiny":
        iv = [(1, 5), (2, 3), (4, 8), (6, 6), (0, 10)]
        qs = [("C", 1, 6), ("O", 3, 4), ("S", 4, 5), ("C", 0, 10), ("O", 11, 12), ("S", 6, 6), ("C", 7, 7)]
        return fmt(iv, qs)
    if name == "single":
        return fmt([(3, 3)], [("C", 3, 3), ("O", 3, 3), ("S", 3, 3), ("C", 0, 2), ("O", 4, 9), ("S", 2, 3)])
    if name == "points":
        iv = [(p, p) for p in (rng.randint(0, 50) for _ in range(500))]
        return fmt(iv, [rand_q(rng, 0, 50, from_iv=iv) for _ in range(500)])
    if name == "nested":
        iv = [(i, 2000 - i) for i in range(1000)]
        return fmt(iv, [rand_q(rng, 0, 2000, from_iv=iv) for _ in range(1000)])
    if name == "identical":
        iv = [(7, 9)] * 1000
        return fmt(iv, [(k, x, y) for k in "COS" for x in (6, 7, 8, 9, 10) for y in (6, 7, 8, 9, 10) if x <= y])
    if name == "small_random":
        iv = [rand_iv(rng, 0, 100) for _ in range(2000)]
        return fmt(iv, [rand_q(rng, 0, 100, from_iv=iv) for _ in range(2000)])
    if name == "small_coords":
        iv = [rand_iv(rng, 0, 20, 5) for _ in range(3000)]
        return fmt(iv, [rand_q(rng, 0, 20, 6, from_iv=iv) for _ in range(3000)])
    if name == "extremes":
        iv = [(0, MAXC), (0, 0), (MAXC, MAXC)] + [rand_iv(rng, 0, MAXC) for _ in range(1000)]
        qs = [("C", 0, MAXC), ("O", 0, MAXC), ("S", 0, MAXC), ("S", 0, 0), ("S", MAXC, MAXC),
              ("C", MAXC, MAXC), ("O", 0, 0)] + [rand_q(rng, 0, MAXC, from_iv=iv) for _ in range(1000)]
        return fmt(iv, qs)
    n = 400000
    if name == "big_random":
        iv = [rand_iv(rng, 0, MAXC) for _ in range(n)]
        return fmt(iv, [rand_q(rng, 0, MAXC, from_iv=iv) for _ in range(n)])
    if name == "big_clustered":
        iv = [rand_iv(rng, 0, 5000, 300) for _ in range(n)]
        return fmt(iv, [rand_q(rng, 0, 5000, 600, from_iv=iv) for _ in range(n)])
    if name == "big_short":
        iv = [rand_iv(rng, 0, MAXC, 10**6) for _ in range(n)]
        return fmt(iv, [rand_q(rng, 0, MAXC, 10**7, from_iv=iv) for _ in range(n)])
    raise KeyError(name)
