import numpy as np

NOISE = 0.5


def spirals(n, k=3, noise=0.2, seed=0):
    g = np.random.default_rng(seed)
    y = g.integers(0, k, n)
    t = g.uniform(0.15, 1.0, n)
    ang = 4.0 * t + 2 * np.pi * y / k
    X = np.c_[t * np.cos(ang), t * np.sin(ang)] * 3 + g.normal(0, noise * t[:, None], (n, 2))
    return X, y


def wave(n, seed=0):
    g = np.random.default_rng(seed)
    X = g.uniform(-2, 2, (n, 2))
    y = np.sin(2 * X[:, 0]) * np.cos(1.5 * X[:, 1]) + 0.3 * X[:, 1] ** 2 + g.normal(0, 0.05, n)
    return X, y


def rings(n, seed=0):
    g = np.random.default_rng(seed)
    X = g.normal(0, 1, (n, 2)) * 1.3
    r = np.sqrt((X ** 2).sum(1))
    y = ((r > 0.9) & (r < 1.8)).astype(int)
    return X, y


def task_data(n, seed):
    """The 12-D, 4-class problem of /app/data (fixed mixing, seed picks the sample)."""
    g = np.random.default_rng(seed)
    mix = np.linalg.qr(np.random.default_rng(99).normal(size=(12, 12)))[0]
    X2, y = spirals(n, k=4, noise=NOISE, seed=seed + 1)
    Z = np.c_[X2, g.normal(0, 1.0, (n, 10))]
    return Z @ mix * 2.0 + 5.0, y
