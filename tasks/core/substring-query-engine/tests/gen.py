import random

TIME_LIMIT_SEC = 10.0
REF_EXPECTED_SEC = 0.9
CASES = ["tiny", "small_ab", "small_abc", "small_fib", "small_aaa", "small_mixed",
         "big_random26", "big_ab", "big_fibonacci", "big_periodic", "big_all_a"]


def fib_string(n):
    a, b = "a", "ab"
    while len(b) < n:
        a, b = b, b + a
    return b[:n]


def periodic(rng, n, period, mut):
    base = "".join(rng.choice("abcdefgh") for _ in range(period))
    s = list((base * (n // period + 1))[:n])
    for _ in range(mut):
        s[rng.randrange(n)] = rng.choice("abcdefghij")
    return "".join(s)


def distinct_count(s):
    # only for small strings (used to pick k values)
    return len({s[i:j] for i in range(len(s)) for j in range(i + 1, len(s) + 1)})


def make_queries(rng, s, q, maxlen, alphabet, total_distinct):
    n = len(s)
    out = []
    for _ in range(q):
        t = rng.random()
        def pat():
            r = rng.random()
            if r < 0.6:
                L = rng.randint(1, min(maxlen, n))
                i = rng.randint(0, n - L)
                p = s[i:i + L]
                if rng.random() < 0.15:
                    j = rng.randrange(L)
                    p = p[:j] + rng.choice(alphabet) + p[j + 1:]
                return p
            if r < 0.8:
                return "".join(rng.choice(alphabet) for _ in range(rng.randint(1, min(maxlen, 12))))
            return "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(1, 8)))
        if t < 0.2:
            out.append(f"count {pat()}")
        elif t < 0.35:
            out.append(f"first {pat()}")
        elif t < 0.6:
            l = rng.randint(1, n)
            r = rng.randint(l, min(n, l + rng.choice([3, 50, n])))
            out.append(f"range {l} {r} {pat()}")
        elif t < 0.75:
            p = pat()
            if rng.random() < 0.5:
                p = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 10))) + p + \
                    "".join(rng.choice("xyz") for _ in range(rng.randint(0, 5)))
            out.append(f"lcs {p}")
        elif t < 0.97:
            k = rng.randint(1, total_distinct) if rng.random() < 0.9 else rng.randint(1, total_distinct + 10)
            if rng.random() < 0.05:
                k = total_distinct + rng.randint(1, 10**9)
            out.append(f"kth {k}")
        else:
            out.append("distinct")
    return out


def fmt(s, qs):
    return s + "\n" + str(len(qs)) + "\n" + "\n".join(qs) + "\n"


def total_distinct_big(s):
    # an upper bound good enough for choosing k (k above the real count must answer -1)
    n = len(s)
    return n * (n + 1) // 2 // 3


def make(name):
    rng = random.Random("substr-" + name)
    if name == "tiny":
        s = "abracadabra"
        qs = ["count abra", "first cad", "count a", "range 2 11 abra", "range 1 4 abra", "range 1 3 abra",
              "lcs xxcadabz", "lcs zzz", "kth 1", "kth 2", "kth 54", "kth 55", "distinct", "first zz",
              "count abracadabrax", "count abracadabra", "range 8 11 abra", "range 4 4 a", "kth 30"]
        return fmt(s, qs)
    if name.startswith("small_"):
        kind = name[6:]
        n = rng.randint(30, 120)
        if kind == "ab":
            s = "".join(rng.choice("ab") for _ in range(n)); alpha = "ab"
        elif kind == "abc":
            s = "".join(rng.choice("abc") for _ in range(n)); alpha = "abc"
        elif kind == "fib":
            s = fib_string(n); alpha = "ab"
        elif kind == "aaa":
            s = "a" * n; alpha = "ab"
        else:
            s = periodic(rng, n, 7, 5); alpha = "abcdefghij"
        return fmt(s, make_queries(rng, s, 1500, 15, alpha, distinct_count(s)))
    n = 200000
    if name == "big_random26":
        s = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(n)); alpha = "abcdefghijklmnopqrstuvwxyz"
    elif name == "big_ab":
        s = "".join(rng.choice("ab") for _ in range(n)); alpha = "ab"
    elif name == "big_fibonacci":
        s = fib_string(n); alpha = "ab"
    elif name == "big_periodic":
        s = periodic(rng, n, 1000, 40); alpha = "abcdefghij"
    else:
        s = "a" * (n - 1) + "b"; alpha = "ab"
    return fmt(s, make_queries(rng, s, 200000, 5, alpha, total_distinct_big(s))[:199000] +
               make_queries(rng, s, 1000, 300, alpha, total_distinct_big(s)))
