"""Data generator (fixed ground-truth model; seed controls the sample)."""
import csv
import numpy as np

D, K = 40, 4
REGIONS = ["north", "south", "east", "west", "central"]


def truth():
    g = np.random.default_rng(20240)
    W = np.zeros((D, K))
    informative = g.choice(D, 8, replace=False)
    W[informative] = g.normal(0, 1.2, (8, K))
    R = g.normal(0, 0.8, (len(REGIONS), K))
    scale = np.exp(g.uniform(-5, 7, D))
    offset = g.normal(0, 50, D)
    cov_mix = np.eye(D) + 0.3 * g.normal(0, 1, (D, D)) / np.sqrt(D)
    return W, R, scale, offset, cov_mix


def sample(seed, n):
    W, R, scale, offset, mix = truth()
    g = np.random.default_rng(seed)
    z = g.normal(0, 1, (n, D)) @ mix
    reg = g.integers(0, len(REGIONS), n)
    logits = z @ W + R[reg]
    p = np.exp(logits - logits.max(1, keepdims=True))
    p /= p.sum(1, keepdims=True)
    y = np.array([g.choice(K, p=pi) for pi in p])
    X = z * scale + offset
    return X, reg, y, p


def write(path, X, reg, y=None, start_id=1):
    with open(path, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["id"] + [f"f{j}" for j in range(D)] + ["region"] + (["label"] if y is not None else []))
        for i in range(len(X)):
            row = [start_id + i] + [f"{v:.6g}" for v in X[i]] + [REGIONS[reg[i]]]
            if y is not None:
                row.append(int(y[i]))
            w.writerow(row)
