"""Reference: L2-regularised softmax regression, lambda chosen by 5-fold CV."""
import csv
import numpy as np

K = 4


def load(path):
    rows = list(csv.DictReader(open(path)))
    num = [c for c in rows[0] if c.startswith("f")]
    X = np.array([[float(r[c]) for c in num] for r in rows])
    reg = [r["region"].strip().lower() for r in rows]
    y = np.array([int(r["label"]) for r in rows]) if "label" in rows[0] else None
    ids = [r["id"] for r in rows]
    return ids, X, reg, y


def design(X, reg, mu, sd, regions):
    Z = (X - mu) / sd
    R = np.array([[1.0 if g == q else 0.0 for q in regions] for g in reg])
    return np.hstack([Z, R, np.ones((len(X), 1))])


def fit(A, y, lam, iters=1500):
    n, d = A.shape
    W = np.zeros((d, K))
    Y = np.eye(K)[y]
    mask = np.ones((d, 1)); mask[-1] = 0  # no penalty on the intercept
    L = 0.25 * np.linalg.norm(A, 2) ** 2 / n + lam
    step = 1.0 / L
    V = W.copy(); t = 1.0
    for _ in range(iters):  # Nesterov accelerated gradient
        S = A @ V
        S -= S.max(1, keepdims=True)
        P = np.exp(S); P /= P.sum(1, keepdims=True)
        G = A.T @ (P - Y) / n + lam * V * mask
        W_new = V - step * G
        t_new = (1 + np.sqrt(1 + 4 * t * t)) / 2
        V = W_new + (t - 1) / t_new * (W_new - W)
        W, t = W_new, t_new
    return W


def proba(A, W):
    S = A @ W
    S -= S.max(1, keepdims=True)
    P = np.exp(S)
    return P / P.sum(1, keepdims=True)


def main():
    _, X, reg, y = load("/app/train.csv")
    regions = sorted(set(reg))
    mu, sd = X.mean(0), X.std(0) + 1e-12
    A = design(X, reg, mu, sd, regions)
    rng = np.random.default_rng(0)
    folds = np.array_split(rng.permutation(len(y)), 5)
    best = None
    for lam in [0.3, 0.1, 0.03, 0.01, 0.003, 0.001, 0.0003]:
        ll = 0.0
        for f in folds:
            tr = np.setdiff1d(np.arange(len(y)), f)
            W = fit(A[tr], y[tr], lam, 600)
            P = proba(A[f], W)
            ll += -np.log(P[np.arange(len(f)), y[f]] + 1e-15).sum()
        ll /= len(y)
        print(f"lambda={lam} cv-logloss={ll:.4f}")
        if best is None or ll < best[0]:
            best = (ll, lam)
    W = fit(A, y, best[1])
    np.savez("/app/model.npz", W=W, mu=mu, sd=sd, regions=np.array(regions))
    print("chosen lambda", best[1])


if __name__ == "__main__":
    main()
