import random

TIME_LIMIT_SEC = 10.0
REF_EXPECTED_SEC = 0.08
CASES = ["tiny", "single", "small_random", "all_equal", "small_range", "negatives",
         "big_random_targets_hit", "big_small_range", "big_distinct", "big_mixed"]


def fmt(a, t):
    return f"{len(a)} {len(t)}\n{' '.join(map(str, a))}\n{' '.join(map(str, t))}\n"


def targets(rng, a, q):
    t = []
    for _ in range(q):
        r = rng.random()
        if r < 0.6 and len(a) >= 2:
            i, j = rng.sample(range(len(a)), 2)
            t.append(a[i] + a[j])
        elif r < 0.8 and a:
            t.append(2 * rng.choice(a))
        else:
            t.append(rng.randint(-2 * 10**9, 2 * 10**9))
    return t


def make(name):
    rng = random.Random("pairsum-" + name)
    if name == "tiny":
        a = [1, 2, 3, 2, 1]
        return fmt(a, [3, 4, 2, 6, 100, -1])
    if name == "single":
        return fmt([5], [10, 5, 0])
    if name == "small_random":
        a = [rng.randint(-20, 20) for _ in range(300)]
        return fmt(a, targets(rng, a, 20))
    if name == "all_equal":
        a = [7] * 200000
        return fmt(a, [14, 7, 0, 15, 14])
    if name == "small_range":
        a = [rng.randint(0, 50) for _ in range(5000)]
        return fmt(a, [rng.randint(-5, 105) for _ in range(20)])
    if name == "negatives":
        a = [rng.randint(-10**9, 10**9) for _ in range(2000)] + [-10**9] * 30 + [10**9] * 30
        return fmt(a, targets(rng, a, 18) + [2 * 10**9, -2 * 10**9])
    if name == "big_random_targets_hit":
        a = [rng.randint(-10**6, 10**6) for _ in range(200000)]
        return fmt(a, targets(rng, a, 20))
    if name == "big_small_range":
        a = [rng.randint(-1000, 1000) for _ in range(200000)]
        return fmt(a, [rng.randint(-2100, 2100) for _ in range(20)])
    if name == "big_distinct":
        a = rng.sample(range(-10**9, 10**9), 200000)
        return fmt(a, targets(rng, a, 20))
    if name == "big_mixed":
        a = [rng.randint(-10**9, 10**9) for _ in range(100000)] + [rng.randint(0, 300) for _ in range(100000)]
        rng.shuffle(a)
        return fmt(a, targets(rng, a, 20))
    raise KeyError(name)
