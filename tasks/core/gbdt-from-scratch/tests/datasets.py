import numpy as np


def friedman1(n, seed, noise=1.0, d=10):
    g = np.random.default_rng(seed)
    X = g.uniform(0, 1, (n, d))
    y = 10 * np.sin(np.pi * X[:, 0] * X[:, 1]) + 20 * (X[:, 2] - 0.5) ** 2 + 10 * X[:, 3] + 5 * X[:, 4]
    return X, y + g.normal(0, noise, n)


def binary_missing(n, seed):
    """Nonlinear binary task; missingness of feature 2 is itself informative."""
    g = np.random.default_rng(seed)
    X = g.normal(0, 1, (n, 8))
    logit = 2.0 * np.sin(2 * X[:, 0]) + 1.5 * X[:, 1] * X[:, 3] - 1.0 * (X[:, 4] > 0.5) + 0.8 * X[:, 2]
    miss = g.random(n) < 0.2
    logit = logit + np.where(miss, 2.5, 0.0)
    X[miss, 2] = np.nan
    X[g.random((n, 8)) < 0.05] = np.nan  # plus random missingness everywhere
    y = (g.random(n) < 1 / (1 + np.exp(-2 * logit))).astype(int)
    return X, y


def multiclass(n, seed):
    g = np.random.default_rng(seed)
    X = g.uniform(-3, 3, (n, 6))
    X[:, 5] = g.integers(0, 5, n)  # integer-coded category
    score = np.c_[
        np.sin(X[:, 0]) * 2 + (X[:, 5] == 1) * 1.5,
        X[:, 1] * X[:, 2] / 2,
        np.abs(X[:, 3]) - 1.5 + (X[:, 5] == 3) * 1.5,
        -X[:, 0] + 0.5 * X[:, 4],
    ] * 2.0
    p = np.exp(score - score.max(1, keepdims=True)); p /= p.sum(1, keepdims=True)
    yi = np.array([g.choice(4, p=q) for q in p])
    labels = np.array(["alpha", "beta", "gamma", "delta"])
    return X, labels[yi]


def big_regression(n, seed, d=20):
    g = np.random.default_rng(seed)
    X = g.normal(0, 1, (n, d))
    y = X[:, 0] * X[:, 1] + np.sin(3 * X[:, 2]) + np.where(X[:, 3] > 0, 2.0, -1.0) + 0.5 * X[:, 4] ** 2
    return X, y + g.normal(0, 0.3, n)
